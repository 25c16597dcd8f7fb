(function () {
  "use strict";
  function key(cell) {
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-v");
    if (v !== null && v !== "" && !isNaN(Number(v))) { return Number(v); }
    return (cell.textContent || "").trim().toLowerCase();
  }
  function sortBy(table, th, col) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var heads = table.tHead ? table.tHead.querySelectorAll("th") : [];
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (typeof x === "number" && typeof y === "number") { return asc ? x - y : y - x; }
      x = String(x); y = String(y);
      return asc ? x.localeCompare(y) : y.localeCompare(x);
    });
    for (var j = 0; j < rows.length; j++) { body.appendChild(rows[j]); }
  }
  var tables = document.querySelectorAll("table.sortable");
  for (var t = 0; t < tables.length; t++) {
    (function (table) {
      if (!table.tHead || table.tHead.rows.length === 0) { return; }
      var row = table.tHead.rows[table.tHead.rows.length - 1];
      for (var c = 0; c < row.cells.length; c++) {
        (function (th, col) {
          th.setAttribute("tabindex", "0");
          th.addEventListener("click", function () { sortBy(table, th, col); });
          th.addEventListener("keydown", function (e) {
            if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, col); }
          });
        })(row.cells[c], c);
      }
    })(tables[t]);
  }
  var inputs = document.querySelectorAll("input[data-filter]");
  for (var k = 0; k < inputs.length; k++) {
    (function (input) {
      var table = document.getElementById(input.getAttribute("data-filter"));
      if (!table || !table.tBodies[0]) { return; }
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        var rows = table.tBodies[0].rows;
        for (var r = 0; r < rows.length; r++) {
          rows[r].hidden = q !== "" && (rows[r].textContent || "").toLowerCase().indexOf(q) < 0;
        }
      });
    })(inputs[k]);
  }
})();
