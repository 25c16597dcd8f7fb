#!/usr/bin/env python3
"""Writes the "platforms" cases of tests/realism/cases/ (issue 11): commune sites whose own
platform keeps an index of what they publish, and sites that refuse it.

- iMio smartweb (Plone 6): files live in "files" sections of content pages; news, events and
  the directory are browser-rendered shells fed by other hosts; the sitemap leaves files out;
  plone.restapi `@search` answers JSON (`items`, `items_total`, `batching`).
- Older iMio Plone 4/5: `sitemap.xml.gz` (gzip) lists every object, files as `.../x.csv/view`
  with `<lastmod>`; `@search` 404 on Plone 4, working on a Plone 5.2 with plone.restapi.
- WordPress: `/wp-json/wp/v2/media` paged by `X-WP-Total`/`X-WP-TotalPages`, a page beyond
  the last answers 400 `rest_post_invalid_page_number`.
- Refusers: `@search` 401, robots.txt `Disallow: /@search`, `/wp-json/` 403.
- Big sites (300-415 pages) with the data 8 links deep or on page 9 of a folder listing.

Run `python3 tests/realism/build_platforms.py` (it rewrites only its own cases; the other
cases come from build_corpus.py). Written, like build_corpus.py, without reading the
auditor: every expected value is what a careful person concludes from the pages, the files
and the platform's own index (README.md, "Platform indexes").
"""
import gzip
import json
import math
import sys

from lib import *  # noqa: F401,F403
from build_corpus import ADRESSES_DEFIB, BUDGET, ECOLES, MARCHES, POPULATION, home  # noqa: F401

# Real iMio sites ask Crawl-delay: 120; a small one keeps the test run short.
DELAY = "0.05"
IMIO_ICONS = "{{ORIGIN}}/++plone++imio.smartweb.core/icons"
SMARTWEB_HEAD = ('<link rel="stylesheet" href="{{ORIGIN}}/++plone++imio.smartweb.core/smartweb-compiled.css" />\n'
                 '<script src="{{ORIGIN}}/++plone++imio.smartweb.core/smartweb-compiled.js" defer></script>\n'
                 '<script src="{{ORIGIN}}/++plone++imio.smartweb.core/webcomponents-compiled.js" defer></script>')
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00C\x00" + bytes(range(1, 65)) + b"\xff\xd9")

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def platform_case(slug, nis, cms, declaration, summary, index, host=None):
    c = Case(slug, nis, cms, declaration, summary, host=host)
    c.fields["suite"] = "platforms"
    c.fields["platform_index"] = index
    c.index = []  # what the platform's own index lists: dicts, see index_item()
    return c


def human(n):
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


# ------------------------------------------------------------------ robots.txt


def imio_robots(c, extra=(), sitemap=None):
    """The shared iMio robots.txt (static.imio.be), served by the site itself here, with
    a small Crawl-delay."""
    lines = ([f"Sitemap: {{{{ORIGIN}}}}{sitemap}", ""] if sitemap else []) + [
        "User-agent: *", f"Crawl-delay: {DELAY}", "Disallow: /search", "Disallow: /*login_form",
        "Disallow: /*folder_contents", "Disallow: /*@@search", "Disallow: /*sendto_form",
        "Disallow: /*@@images/", *[f"Disallow: {d}" for d in extra], "",
        "User-agent: GPTBot", "Disallow: /", "", "User-agent: ChatGPT-User", "Disallow: /", ""]
    c.file("robots.txt", "\n".join(lines).encode())


def wp_robots(c):
    c.file("robots.txt", (f"User-agent: *\nCrawl-delay: {DELAY}\nDisallow: /wp-admin/\n"
                          "Allow: /wp-admin/admin-ajax.php\n").encode())


# ------------------------------------------------------------------ smartweb markup


def text_section(sid, title, html):
    return (f'<div class="section_text col-md-12 section-container" id="{sid}"><div class="content-section">'
            f'<h2>{title}</h2><div class="body-section">{html}</div></div></div>')


def links_section(sid, title, links):
    lis = "".join(f'<li class="table_links_item"><a href="{{{{ORIGIN}}}}{u}">{t}</a></li>' for t, u in links)
    return (f'<div class="section_links col-md-12 section-container" id="{sid}"><div class="content-section">'
            f'<h2>{title}</h2><ul class="table_links">{lis}</ul></div></div>')


def files_section(c, page, sid, title, files, modified="2026-06-15T09:30:00+00:00"):
    """An imio.smartweb.SectionFiles: each item links the File object's URL (as its view.pt
    does), with a mime icon, the size and the description. Files are added to the index."""
    lis = []
    urls = []
    for f in files:
        name, data, ftitle, desc = f[:4]
        mod = f[4] if len(f) > 4 else modified
        url = f"{page}/{sid}/{name}"
        c.file(url, data)
        ext = name.rsplit(".", 1)[-1]
        lis.append(f'<li class="section_files_item"><div class="section_files_item"><a href="{{{{ORIGIN}}}}{url}" alt="{ftitle}">'
                   f'<span class="section_files_item_title"><img class="mime-icon" src="{IMIO_ICONS}/{ext}.svg" />'
                   f'<span>{ftitle}</span> <span class="discreet">&mdash; {human(len(data))}</span></span>'
                   f'<p class="section_files_item_description">{desc}</p></a></div></li>')
        index_item(c, url, ftitle, desc, mime_of(name), len(data), mod)
        urls.append(url)
    html = (f'<div class="section_files col-md-12 section-container" id="{sid}"><div class="content-section">'
            f'<h2>{title}</h2><ul class="section_files_list">{"".join(lis)}</ul></div></div>')
    return html, urls


def smartweb_page(c, path, title, sections, crumbs=(), description=""):
    desc = f'<p class="documentDescription">{description}</p>' if description else ""
    c.page(path, title, f'{desc}<div class="sections-container row">{"".join(sections)}</div>',
           crumbs=crumbs, head_extra=SMARTWEB_HEAD)


def smartweb_shells(c, news="/actualites", events="/agenda", directory="/annuaire"):
    """News, events and directory views: custom elements filled in the browser from iMio's
    authentic sources on other hosts. A page crawler sees empty shells."""
    smartweb_page(c, news, "Actualités", [
        f'<div class="full-width"><smartweb-news query-url="https://actualites.enwallonie.be/@search?selected_news_folders={c.slug}" '
        'query-filter-url="https://actualites.enwallonie.be/@vocabularies" batch-size="12" orientation="paysage" '
        f'current-language="fr" view-path="{{{{ORIGIN}}}}{news}"></smartweb-news></div><noscript></noscript>'])
    smartweb_page(c, events, "Agenda", [
        f'<div class="full-width"><smartweb-events query-url="https://agenda.enwallonie.be/@events?selected_agendas={c.slug}" '
        f'batch-size="12" current-language="fr" view-path="{{{{ORIGIN}}}}{events}"></smartweb-events></div>'])
    smartweb_page(c, directory, "Annuaire", [
        f'<div class="full-width"><smartweb-directory query-url="https://annuaire.enwallonie.be/@search?selected_entities={c.slug}" '
        f'batch-size="20" current-language="fr" view-path="{{{{ORIGIN}}}}{directory}"></smartweb-directory></div>'])


# ------------------------------------------------------------------ platform indexes


MIMES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "xls": "application/vnd.ms-excel", "ods": "application/vnd.oasis.opendocument.spreadsheet",
         "json": "application/json", "geojson": "application/geo+json", "pdf": "application/pdf",
         "jpg": "image/jpeg", "png": "image/png", "ics": "text/calendar", "docx":
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip": "application/zip"}


def mime_of(name):
    return MIMES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def index_item(c, url, title, desc, mime, size, modified):
    c.index.append({"url": url, "title": title, "description": desc, "mime": mime, "size": size,
                    "modified": modified})


def filler_documents(c, folder, count, start_day=0, linked=False):
    """Non-data files every commune site holds (letters, forms, bulletins as PDF; posters as
    JPG), written and indexed; returned as (title, url) for pages that link them."""
    out = []
    kinds = [("courrier", "pdf", "Courrier aux riverains"), ("formulaire", "pdf", "Formulaire"),
             ("bulletin-communal", "pdf", "Bulletin communal"), ("affiche", "jpg", "Affiche"),
             ("pv-conseil", "pdf", "Procès-verbal du conseil communal"), ("reglement", "pdf", "Règlement")]
    for i in range(count):
        stem, ext, label = kinds[i % len(kinds)]
        name = f"{stem}-{i + 1:03d}.{ext}"
        url = f"{folder}/{name}"
        data = JPEG if ext == "jpg" else pdf_bytes(f"{label} {i + 1} - {c.name}")
        c.file(url, data)
        d = start_day + i
        mod = f"2026-{1 + (d // 28) % 11:02d}-{1 + d % 28:02d}T{8 + i % 9:02d}:{(i * 7) % 60:02d}:00+00:00"
        index_item(c, url, f"{label} n° {i + 1}", "", mime_of(name), len(data), mod)
        out.append((f"{label} n° {i + 1}", url))
    return out


def plone_search(c, b_size=100, v6=True, query="b_size=100&portal_type=File&sort_on=modified&sort_order=descending"):
    """plone.restapi `@search` over the index: `items`, `items_total` and, when there is more
    than one batch, `batching` (`@id`, `first`, `last`, `next`, `prev`). Batch n is also
    served for any `@search` query carrying `b_start=<its start>`."""
    items = sorted(c.index, key=lambda it: it["modified"], reverse=True)
    total = len(items)
    batches = [items[i:i + b_size] for i in range(0, total, b_size)] or [[]]

    def url(start):
        return f"{{{{ORIGIN}}}}/@search?{query}&b_start={start}"
    for n, chunk in enumerate(batches):
        start = n * b_size
        body = {"@id": url(start) if n else f"{{{{ORIGIN}}}}/@search?{query}", "items": [], "items_total": total}
        for it in chunk:
            j = {"@id": "{{ORIGIN}}" + it["url"], "@type": "File", "description": it["description"],
                 "review_state": None, "title": it["title"]}
            if v6:
                j["type_title"] = "Fichier"
            j.update({"getObjSize": human(it["size"]), "mime_type": it["mime"], "modified": it["modified"]})
            body["items"].append(j)
        if len(batches) > 1:
            b = {"@id": url(start), "first": url(0), "last": url((len(batches) - 1) * b_size)}
            if n + 1 < len(batches):
                b["next"] = url(start + b_size)
            if n > 0:
                b["prev"] = url(start - b_size)
            body["batching"] = b
        key = "/@search*" if n == 0 else f"/@search?b_start={start}"
        c.routed(key, json.dumps(body, ensure_ascii=False, indent=1), name=f"search-{n + 1}.json",
                 headers={"Content-Type": "application/json"})


def plone_sitemap_gz(c, entries, also_plain=False):
    """Plone's sitemap.xml.gz: gzip bytes served as application/octet-stream. The harness
    gzips the body after putting the origin in (`"gzip": true`)."""
    urls = "".join(f"<url><loc>{{{{ORIGIN}}}}{u}</loc><lastmod>{m}</lastmod></url>\n" for u, m in entries)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    c.routed("/sitemap.xml.gz", xml, name="sitemap.xml", gzip=True,
             headers={"Content-Type": "application/octet-stream"})
    if also_plain:
        c.routed("/sitemap.xml", xml, name="sitemap.xml", headers={"Content-Type": "application/xml"})


def wp_media(c, per_page=100):
    """`/wp-json/wp/v2/media` over the media library, newest first, per_page=100; page n is
    served for any query carrying `page=n`; the page after the last answers 400."""
    items = sorted(c.index, key=lambda it: it["modified"], reverse=True)
    total = len(items)
    pages = max(1, math.ceil(total / per_page))
    seen = {}
    for n in range(pages):
        body = []
        for k, it in enumerate(items[n * per_page:(n + 1) * per_page]):
            slug = it["url"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
            seen[slug] = seen.get(slug, 0) + 1
            slug += f"-{seen[slug]}" if seen[slug] > 1 else ""  # WordPress keeps slugs unique
            mid = 9000 - n * per_page - k
            src = "{{ORIGIN}}" + it["url"]
            image = it["mime"].startswith("image/")
            body.append({
                "id": mid, "date": it["modified"][:19], "date_gmt": it["modified"][:19],
                "guid": {"rendered": src}, "modified": it["modified"][:19], "modified_gmt": it["modified"][:19],
                "slug": slug, "status": "inherit", "type": "attachment", "link": f"{{{{ORIGIN}}}}/{slug}/",
                "title": {"rendered": it["title"]}, "author": 2, "comment_status": "open", "ping_status": "closed",
                "template": "", "meta": [], "description": {"rendered": f'<p class="attachment"><a href="{src}">{it["title"]}</a></p>\n'},
                "caption": {"rendered": f'<p>{it["description"]}</p>\n' if it["description"] else ""}, "alt_text": "",
                "media_type": "image" if image else "file", "mime_type": it["mime"],
                "media_details": {"width": 1200, "height": 800, "file": it["url"].split("/uploads/")[-1], "sizes": {}}
                if image else {"filesize": it["size"]},
                "post": None, "source_url": src,
                "_links": {"self": [{"href": f"{{{{ORIGIN}}}}/wp-json/wp/v2/media/{mid}"}],
                           "collection": [{"href": "{{ORIGIN}}/wp-json/wp/v2/media"}]}})
        link = []
        if n > 0:
            link.append(f'<{{{{ORIGIN}}}}/wp-json/wp/v2/media?per_page={per_page}&page={n}>; rel="prev"')
        if n + 1 < pages:
            link.append(f'<{{{{ORIGIN}}}}/wp-json/wp/v2/media?per_page={per_page}&page={n + 2}>; rel="next"')
        headers = {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": str(total),
                   "X-WP-TotalPages": str(pages), "X-Robots-Tag": "noindex", "Allow": "GET",
                   "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link"}
        if link:
            headers["Link"] = ", ".join(link)
        key = "/wp-json/wp/v2/media*" if n == 0 else f"/wp-json/wp/v2/media?page={n + 1}"
        c.routed(key, json.dumps(body, ensure_ascii=False), name=f"media-{n + 1}.json", headers=headers)
    for extra in range(pages + 1, pages + 4):
        c.routed(f"/wp-json/wp/v2/media?page={extra}", json.dumps({
            "code": "rest_post_invalid_page_number",
            "message": "Le nombre de pages demandées est plus grand que le nombre de pages disponibles.",
            "data": {"status": 400}}, ensure_ascii=False), name=f"media-{extra}.json", status=400,
            headers={"Content-Type": "application/json; charset=UTF-8"})
    c.routed("/wp-json/", json.dumps({"name": f"Commune de {c.name}", "description": "", "url": "{{ORIGIN}}",
                                      "home": "{{ORIGIN}}", "gmt_offset": "1", "timezone_string": "Europe/Brussels",
                                      "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
                                      "authentication": [], "routes": {}}, ensure_ascii=False),
             name="wp-json.json", headers={"Content-Type": "application/json; charset=UTF-8"})
    c.routed("/", headers={"Link": '<{{ORIGIN}}/wp-json/>; rel="https://api.w.org/"'})


def wp_upload(c, url, data, title, modified, caption=""):
    c.file(url, data)
    index_item(c, url, title, caption, mime_of(url), len(data), modified)
    return url


def wp_filler(c, count, year=2026):
    out = []
    kinds = [("affiche", "jpg"), ("photo-evenement", "jpg"), ("formulaire", "pdf"), ("bulletin-communal", "pdf"),
             ("logo-partenaire", "png"), ("courrier", "pdf")]
    for i in range(count):
        stem, ext = kinds[i % len(kinds)]
        m = 1 + (i * 5) % 11
        url = f"/wp-content/uploads/{year - i // 60}/{m:02d}/{stem}-{i + 1}.{ext}"
        data = JPEG if ext in ("jpg", "png") else pdf_bytes(f"{stem} {i + 1}")
        mod = f"{year - i // 60}-{m:02d}-{1 + i % 27:02d}T{8 + i % 10:02d}:{(i * 11) % 60:02d}:00"
        wp_upload(c, url, data, f"{stem.replace('-', ' ')} {i + 1}", mod + "+00:00")
        out.append(url)
    return out


# ------------------------------------------------------------------ helpers for big sites


def smartweb_tree(c, root, title, n, words, crumbs=()):
    """n plain service pages under root, each linked from root's page; returns their paths."""
    paths = []
    for i in range(n):
        w = words[i % len(words)]
        p = f"{root}/{w}-{i + 1}" if n > len(words) else f"{root}/{w}"
        paths.append((f"{w.replace('-', ' ').capitalize()}", p))
    for t, p in paths:
        smartweb_page(c, p, t, [text_section("texte", "Informations", f"<p>{t} : horaires, contacts et démarches auprès de l'administration communale de {c.name}.</p>")],
                      crumbs=[*crumbs, (title, root), (t, p)])
    smartweb_page(c, root, title, [links_section("liens", "Dans cette rubrique", paths)], crumbs=[*crumbs, (title, root)])
    return paths


SERVICE_WORDS = ["accueil-extrascolaire", "aines", "cimetieres", "culture", "energie", "enseignement", "environnement",
                 "etat-civil", "finances", "jeunesse", "logement", "mobilite", "patrimoine", "plan-de-cohesion-sociale",
                 "population", "proprete", "securite", "sport", "tourisme", "travaux", "urbanisme", "emploi",
                 "agriculture", "bien-etre-animal", "cultes", "economie", "numerique", "sante", "social", "voirie"]


# ------------------------------------------------------------------ cases: iMio smartweb with @search


@case
def trooz():
    c = platform_case("trooz", "62122", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
                      "iMio smartweb; @search lists 227 files in 3 batches (mostly PDF/JPG); the open-data page links "
                      "2 files, 2 more data files are in files sections no crawled page links", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    data_page = "/ma-commune/donnees-ouvertes"
    c.menu = [("Ma commune", "/ma-commune"), ("Vivre à Trooz", "/vivre-a-trooz"), ("Actualités", "/actualites"),
              ("Agenda", "/agenda"), ("Annuaire", "/annuaire"), ("Contact", "/contact")]
    docs = filler_documents(c, "/ma-commune/publications/documents", 219)
    smartweb_page(c, "/ma-commune/publications", "Publications",
                  [files_section(c, "/ma-commune/publications", "bulletins", "Bulletins communaux",
                                 [(f"bulletin-{y}-{m}.pdf", pdf_bytes(f"Bulletin {m}/{y}"), f"Bulletin communal {m}/{y}", "")
                                  for y in (2026, 2025) for m in ("03", "09")])[0]],
                  crumbs=[("Ma commune", "/ma-commune"), ("Publications", "/ma-commune/publications")])
    del docs
    fs, (a, g) = files_section(c, data_page, "fichiers", "Jeux de données", [
        ("defibrillateurs.csv", csv_bytes(ADRESSES_DEFIB), "Défibrillateurs", "Emplacements des DEA accessibles au public", "2026-09-14T08:12:00+00:00"),
        ("ecoles.geojson", geojson_points([{"nom": "École de Prayon"}, {"nom": "École de Fraipont"}], [(5.69, 50.57), (5.72, 50.56)]),
         "Écoles communales", "Implantations scolaires", "2026-04-02T13:40:00+00:00")])
    smartweb_page(c, data_page, "Données ouvertes", [
        text_section("licence", "Licence", f'<p>Les données ci-dessous sont publiées sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>'), fs],
        crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", data_page)])
    # Files sections of pages nothing links to any more (the news item that linked them is rendered in the browser).
    fs2, (x,) = files_section(c, "/ma-commune/finances/subsides", "fichiers", "Documents", [
        ("subsides-associations-2025.xlsx", xlsx_bytes([["association", "montant"], ["Royal Football Club Trooz", 2500], ["Les Amis de la Vesdre", 800]]),
         "Subsides aux associations 2025", "", "2026-02-20T10:05:00+00:00")])
    smartweb_page(c, "/ma-commune/finances/subsides", "Subsides", [fs2])
    fs3, (j,) = files_section(c, "/ma-commune/marches-publics", "fichiers", "Documents", [
        ("marches-publics-2025.json", json_bytes([{"objet": "Réfection de la rue de la Brouck", "montant": 184000},
                                                  {"objet": "Fourniture de sel de déneigement", "montant": 32000}]),
         "Marchés publics attribués en 2025", "", "2026-01-12T15:20:00+00:00")])
    smartweb_page(c, "/ma-commune/marches-publics", "Marchés publics", [fs3])
    smartweb_page(c, "/ma-commune", "Ma commune", [links_section("liens", "Ma commune", [
        ("Données ouvertes", data_page), ("Publications", "/ma-commune/publications"), ("Contact", "/contact")])])
    smartweb_page(c, "/vivre-a-trooz", "Vivre à Trooz", [text_section("t", "Bienvenue", "<p>Trooz, au cœur de la vallée de la Vesdre.</p>")])
    smartweb_page(c, "/contact", "Contact", [text_section("t", "Administration communale", "<p>Grand'Route 1, 4870 Trooz.</p>")])
    smartweb_page(c, "/", "Accueil", [links_section("acces", "Accès rapides", [
        ("Actualités", "/actualites"), ("Agenda", "/agenda"), ("Ma commune", "/ma-commune"), ("Données ouvertes", data_page)])])
    plone_search(c)
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in
                         ["/", "/ma-commune", data_page, "/ma-commune/publications", "/vivre-a-trooz", "/contact",
                          "/actualites", "/agenda", "/annuaire"]], also_plain=True)
    c.expect(a, "CSV", "open", modified="2026-09-14")
    c.expect(g, "GEOJSON", "open", modified="2026-04-02")
    c.expect(x, "XLSX", "unknown", modified="2026-02-20", note="only in @search (batch 1 or 2); no page states a licence")
    c.expect(j, "JSON", "unknown", modified="2026-01-12", note="only in @search")
    c.finding("NO_OPEN_LICENCE", why="the subsidies XLSX and the procurement JSON, listed by @search, carry no licence")
    return c


@case
def vaux_sur_sure():
    c = platform_case("vaux-sur-sure", "82036", "plone6", decl(),
                      "iMio smartweb; no open-data page: CSV/GeoJSON in a files section 3 deep, an ICS only in @search "
                      "(one batch, no `batching`); each file's description states CC BY", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    lic = f'Licence : CC BY 4.0 ({CC_BY})'
    root = "/vivre-a-vaux-sur-sure/environnement"
    page = f"{root}/collectes-des-dechets"
    fs, (a, g, _pdf) = files_section(c, page, "documents", "Documents", [
        ("points-de-collecte.csv", csv_bytes([["lieu", "type"], ["Sibret, place", "bulles à verre"], ["Vaux-lez-Rosières, église", "bulles à verre"]]),
         "Points de collecte", f"Bulles à verre et à vêtements. {lic}", "2026-05-06T09:00:00+00:00"),
        ("recyparcs.geojson", geojson_points([{"nom": "Recyparc de Sibret"}], [(5.64, 49.96)]), "Recyparc", f"Localisation. {lic}", "2026-03-18T11:00:00+00:00"),
        ("calendrier-collectes-2026.pdf", pdf_bytes("Calendrier des collectes 2026"), "Calendrier des collectes 2026 (PDF)", "", "2025-12-10T10:00:00+00:00")])
    smartweb_page(c, page, "Collectes des déchets", [text_section("t", "Collectes", "<p>Les collectes ont lieu le mardi.</p>"), fs],
                  crumbs=[("Environnement", root), ("Collectes des déchets", page)])
    smartweb_page(c, root, "Environnement", [links_section("l", "Environnement", [("Collectes des déchets", page)])])
    smartweb_page(c, "/vivre-a-vaux-sur-sure", "Vivre à Vaux-sur-Sûre", [links_section("l", "Vivre", [("Environnement", root)])])
    # An iCalendar uploaded in a section whose page is not published in any menu.
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Commune de Vaux-sur-Sure//Collectes//FR\r\n"
           "BEGIN:VEVENT\r\nUID:collecte-2027-01-05@vaux-sur-sure.be\r\nDTSTAMP:20261120T090000Z\r\nDTSTART;VALUE=DATE:20270105\r\n"
           "SUMMARY:Collecte PMC\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    fs2, (k,) = files_section(c, f"{root}/calendrier", "documents", "Documents", [
        ("collectes-2027.ics", ics, "Collectes 2027 (iCalendar)", f"À importer dans votre agenda. {lic}", "2026-11-20T09:00:00+00:00")])
    smartweb_page(c, f"{root}/calendrier", "Calendrier", [fs2])
    filler_documents(c, "/ma-commune/documents", 30)
    c.menu = [("Ma commune", "/ma-commune"), ("Vivre à Vaux-sur-Sûre", "/vivre-a-vaux-sur-sure"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/ma-commune", "Ma commune", [text_section("t", "Ma commune", "<p>Commune rurale de l'Ardenne.</p>")])
    smartweb_page(c, "/", "Accueil", [links_section("acces", "En un clic", [("Vivre à Vaux-sur-Sûre", "/vivre-a-vaux-sur-sure"), ("Actualités", "/actualites")])])
    plone_search(c)
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-commune", "/vivre-a-vaux-sur-sure", root, page]],
                     also_plain=True)
    c.expect(a, "CSV", "open", modified="2026-05-06", note="licence in the item's description (page and @search)")
    c.expect(g, "GEOJSON", "open", modified="2026-03-18")
    c.expect(k, "ICS", "open", modified="2026-11-20", note="only in @search; its description states CC BY")
    return c


@case
def welkenraedt():
    c = platform_case("welkenraedt", "63084", "plone6",
                      decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="fin_mandature"),
                      "iMio smartweb; declared not opening data; a CSV in a files section 3 deep and an XLSX only in "
                      "@search (2 batches of 100): undeclared data, no licence", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    filler_documents(c, "/ma-commune/documents", 148)
    root = "/vivre-a-welkenraedt/enseignement"
    page = f"{root}/ecoles-communales"
    fs, (a,) = files_section(c, page, "fichiers", "Fichiers", [
        ("ecoles.csv", csv_bytes(ECOLES), "Liste des écoles", "", "2026-08-25T07:45:00+00:00")])
    smartweb_page(c, page, "Écoles communales", [text_section("t", "Nos écoles", "<p>Trois implantations communales.</p>"), fs])
    smartweb_page(c, root, "Enseignement", [links_section("l", "Enseignement", [("Écoles communales", page)])])
    smartweb_page(c, "/vivre-a-welkenraedt", "Vivre à Welkenraedt", [links_section("l", "Vivre", [("Enseignement", root)])])
    fs2, (x,) = files_section(c, "/loisirs/piscine", "fichiers", "Fichiers", [
        ("horaires-piscine.xlsx", xlsx_bytes([["jour", "ouverture", "fermeture"], ["lundi", "12:00", "20:00"], ["samedi", "09:00", "18:00"]]),
         "Horaires de la piscine", "", "2026-09-01T06:30:00+00:00")])
    smartweb_page(c, "/loisirs/piscine", "Piscine", [fs2])
    c.menu = [("Ma commune", "/ma-commune"), ("Vivre à Welkenraedt", "/vivre-a-welkenraedt"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/ma-commune", "Ma commune", [text_section("t", "Ma commune", "<p>Welkenraedt, porte des Trois Frontières.</p>")])
    smartweb_page(c, "/", "Accueil", [links_section("acces", "En un clic", [("Vivre à Welkenraedt", "/vivre-a-welkenraedt"), ("Agenda", "/agenda")])])
    plone_search(c)
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-commune", "/vivre-a-welkenraedt", root, page, "/loisirs/piscine"]])
    c.expect(a, "CSV", "unknown", modified="2026-08-25")
    c.expect(x, "XLSX", "unknown", modified="2026-09-01", note="only in @search and on a page nothing links")
    c.finding("UNDECLARED_OPEN_DATA_FOUND", why="declared non; a CSV and an XLSX are published")
    c.finding("NO_OPEN_LICENCE", why="neither file states a licence")
    return c


@case
def la_bruyere():
    c = platform_case("la-bruyere", "92141", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
                      "iMio smartweb, big (380 pages: services, procedures, council minutes); the budget data 8 links deep "
                      "(Services > Finances > Budgets > 2026 > Annexes > Tableaux > file: 7 from the homepage, 8 by the menu); @search in 4 batches",
                      "plone_search", host="www.labruyere.be")
    imio_robots(c)
    smartweb_shells(c)
    c.menu = [("Ma commune", "/ma-commune"), ("Mes démarches", "/mes-demarches"), ("Loisirs", "/loisirs"),
              ("Actualités", "/actualites"), ("Agenda", "/agenda"), ("Annuaire", "/annuaire"), ("Contact", "/contact")]
    # 100 procedures, 60 leisure pages, 30 services with 5 sub-pages each, council minutes by year.
    demarches = smartweb_tree(c, "/mes-demarches", "Mes démarches", 100, [
        "carte-d-identite", "passeport", "permis-de-conduire", "changement-d-adresse", "declaration-de-naissance",
        "mariage", "cohabitation-legale", "permis-d-urbanisme", "prime-energie", "occupation-du-domaine-public"])
    loisirs = smartweb_tree(c, "/loisirs", "Loisirs", 60, ["bibliotheque", "plaine-de-jeux", "balades", "salle-des-fetes",
                                                          "club-sportif", "academie-de-musique"])
    services_root = "/ma-commune/services-communaux"
    services = []
    for w in SERVICE_WORDS:
        sp = f"{services_root}/{w}"
        if w != "finances":
            subs = smartweb_tree(c, sp, w.replace("-", " ").capitalize(), 5, ["missions", "equipe", "horaires", "formulaires", "faq"],
                                 crumbs=[("Ma commune", "/ma-commune"), ("Services communaux", services_root)])
            del subs
        services.append((w.replace("-", " ").capitalize(), sp))
    fin = f"{services_root}/finances"
    budgets = f"{fin}/budgets"
    b26 = f"{budgets}/budget-2026"
    annexes = f"{b26}/annexes"
    tableaux = f"{annexes}/tableaux"
    fs, (r, d, x) = files_section(c, tableaux, "fichiers", "Tableaux du budget 2026", [
        ("budget-2026-recettes.csv", csv_bytes(BUDGET[:2] + BUDGET[3:]), "Recettes ordinaires", "", "2026-02-03T09:10:00+00:00"),
        ("budget-2026-depenses.csv", csv_bytes(BUDGET[:1] + BUDGET[2:]), "Dépenses ordinaires", "", "2026-02-03T09:12:00+00:00"),
        ("budget-2026.xlsx", xlsx_bytes(BUDGET), "Budget 2026 complet", "", "2026-02-03T09:15:00+00:00")])
    smartweb_page(c, tableaux, "Tableaux", [text_section("lic", "Réutilisation", f'<p>Ces fichiers sont publiés sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>'), fs],
                  crumbs=[("Finances", fin), ("Budgets", budgets), ("Budget 2026", b26), ("Annexes", annexes), ("Tableaux", tableaux)])
    smartweb_page(c, annexes, "Annexes", [links_section("l", "Annexes", [("Tableaux", tableaux)])])
    smartweb_page(c, b26, "Budget 2026", [text_section("t", "Budget 2026", "<p>Voté au conseil communal du 22 décembre 2025.</p>"),
                                          links_section("l", "Voir aussi", [("Annexes", annexes)])])
    years = [(f"Budget {y}", f"{budgets}/budget-{y}") for y in range(2016, 2026)]
    for t, p in years:
        smartweb_page(c, p, t, [text_section("t", t, f"<p>{t} : voté en décembre de l'année précédente.</p>")])
    smartweb_page(c, budgets, "Budgets", [links_section("l", "Budgets", [("Budget 2026", b26)] + years[::-1])])
    fin_subs = smartweb_tree(c, f"{fin}/comptes", "Comptes", 10, [f"compte-{y}" for y in range(2016, 2026)])
    del fin_subs
    smartweb_page(c, fin, "Finances", [links_section("l", "Finances", [("Budgets", budgets), ("Comptes", f"{fin}/comptes")])])
    smartweb_page(c, services_root, "Services communaux", [links_section("l", "Services", services)])
    pv_root = "/ma-commune/vie-politique/conseil-communal"
    pv_pages = []
    for y in range(2019, 2027):
        p = f"{pv_root}/{y}"
        fsp, _ = files_section(c, p, "proces-verbaux", f"Procès-verbaux {y}", [
            (f"pv-{y}-{m:02d}.pdf", pdf_bytes(f"PV {m}/{y}"), f"PV du conseil {m:02d}/{y}", "", f"{y}-{m:02d}-28T18:00:00+00:00")
            for m in (1, 3, 5, 6, 9, 10, 11, 12)])
        smartweb_page(c, p, f"Conseil communal {y}", [fsp])
        pv_pages.append((str(y), p))
    smartweb_page(c, pv_root, "Conseil communal", [links_section("l", "Procès-verbaux", pv_pages)])
    smartweb_page(c, "/ma-commune/vie-politique", "Vie politique", [links_section("l", "Vie politique", [("Conseil communal", pv_root)])])
    smartweb_page(c, "/ma-commune", "Ma commune", [links_section("l", "Ma commune", [
        ("Services communaux", services_root), ("Vie politique", "/ma-commune/vie-politique")])])
    filler_documents(c, "/ma-commune/documents", 300)
    smartweb_page(c, "/contact", "Contact", [text_section("t", "Administration communale", "<p>Rue des Dames Blanches 1, 5080 Rhisnes.</p>")])
    smartweb_page(c, "/", "Accueil", [links_section("acces", "En un clic", [("Mes démarches", "/mes-demarches"), ("Actualités", "/actualites"),
                                                                          ("Agenda", "/agenda"), ("Services communaux", services_root)])])
    del demarches, loisirs
    plone_search(c)
    pages = sorted(p[len("site/"):] if p.startswith("site/") else p for p in c.site if p.endswith("index.html"))
    plone_sitemap_gz(c, [("/" + p[:-len("index.html")].rstrip("/"), "2026-10-01T08:00:00+00:00") for p in pages], also_plain=True)
    for u in (r, d):
        c.expect(u, "CSV", "open", modified="2026-02-03", note="8 links from the homepage; in @search")
    c.expect(x, "XLSX", "open", modified="2026-02-03")
    return c


@case
def lasne():
    c = platform_case("lasne", "25119", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
                      "iMio smartweb; the data page links a CSV by @@download/file/<name> (@search lists the object URL); "
                      "a zipped shapefile (CC BY in its description) and an XLSX uploaded as application/octet-stream "
                      "only in @search (2 batches)", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    filler_documents(c, "/ma-commune/documents", 120)
    page = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(page, "chemins-et-sentiers.csv", csv_bytes([["chemin", "longueur_m"], ["Sentier n° 12", "640"], ["Chemin n° 4", "1210"]]), "Chemins et sentiers")
    index_item(c, a, "Chemins et sentiers", "", "text/csv", 80, "2026-10-05T12:00:00+00:00")
    smartweb_page(c, page, "Données ouvertes", [
        text_section("t", "Licence", f'<p>Les fichiers ci-dessous sont publiés sous <a href="{CC_BY}">CC BY 4.0</a>.</p>'),
        f'<div class="section_files col-md-12 section-container" id="fichiers"><div class="content-section"><h2>Fichiers</h2>'
        f'<ul class="section_files_list"><li class="section_files_item"><a href="{{{{ORIGIN}}}}{a}/@@download/file/chemins-et-sentiers.csv">'
        f'Chemins et sentiers (CSV)</a></li></ul></div></div>'],
        crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", page)])
    z = "/ma-commune/urbanisme/zones-30/fichiers/zones-30.zip"
    c.file(z, zip_bytes(shapefile_points([(4.49, 50.69), (4.50, 50.70)])))
    index_item(c, z, "Zones 30 (shapefile)", "Périmètres des zones 30. Licence : CC BY 4.0", "application/zip", 900, "2026-06-30T08:00:00+00:00")
    x = "/ma-commune/urbanisme/permis/fichiers/permis-2025.xlsx"
    c.file(x, xlsx_bytes([["reference", "rue", "decision"], ["PU/2025/014", "Rue de la Gendarmerie", "octroi"]]))
    index_item(c, x, "Permis d'urbanisme 2025", "", "application/octet-stream", 700, "2026-01-30T08:00:00+00:00")
    c.menu = [("Ma commune", "/ma-commune"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/ma-commune", "Ma commune", [links_section("l", "Ma commune", [("Données ouvertes", page)])])
    smartweb_page(c, "/", "Accueil", [text_section("t", "Bienvenue", "<p>Lasne, commune verte du Brabant wallon.</p>")])
    plone_search(c)
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-commune", page]], also_plain=True)
    c.expect(a, "CSV", "open", modified="2026-10-05", note="linked as @@download/file/<name>, listed as the object")
    c.expect(z, "SHP", "open", container="ZIP", modified="2026-06-30", note="only in @search; licence in its description")
    c.expect(x, "XLSX", "unknown", modified="2026-01-30", note="only in @search, mime application/octet-stream: the name says xlsx")
    c.finding("NO_OPEN_LICENCE", why="the permits XLSX states no licence (the data page's statement covers the files below it)")
    return c


@case
def couvin():
    c = platform_case("couvin", "93014", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
                      "iMio smartweb; @search (one batch) lists an 'Excel' file that is an HTML table named .xls "
                      "(mislabelled, 1★) no page links; the data page links a CSV under CC BY", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    filler_documents(c, "/ma-ville/documents", 60)
    page = "/ma-ville/donnees-ouvertes"
    fs, (a,) = files_section(c, page, "fichiers", "Fichiers", [
        ("commerces.csv", csv_bytes([["commerce", "rue", "categorie"], ["Boulangerie Lambert", "Grand'Rue", "boulangerie"],
                                     ["Café de la Place", "Place du Général Piron", "horeca"]]), "Commerces", "", "2026-07-01T09:00:00+00:00")])
    smartweb_page(c, page, "Données ouvertes", [text_section("t", "Licence", f'<p>Ces données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p>'), fs])
    x = "/ma-ville/services/population/fichiers/population-par-village.xls"
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table border="1"><tr><th>village</th><th>habitants</th></tr><tr><td>Couvin</td><td>4012</td></tr>
<tr><td>Mariembourg</td><td>1730</td></tr><tr><td>Frasnes</td><td>1215</td></tr></table></body></html>"""
    c.file(x, html.encode())
    index_item(c, x, "Population par village (Excel)", "", "application/vnd.ms-excel", len(html), "2026-03-09T08:00:00+00:00")
    c.menu = [("Ma ville", "/ma-ville"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/ma-ville", "Ma ville", [links_section("l", "Ma ville", [("Données ouvertes", page)])])
    smartweb_page(c, "/", "Accueil", [text_section("t", "Bienvenue", "<p>Couvin, porte des Fagnes.</p>")])
    plone_search(c)
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-ville", page]], also_plain=True)
    c.expect(a, "CSV", "open", modified="2026-07-01")
    c.expect(x, "HTML", "unknown", modified="2026-03-09", note="only in @search; an HTML table named .xls: 1★, mislabelled")
    c.finding("FORMAT_MISLABELLED", why="population-par-village.xls is an HTML page")
    c.finding("FORMAT_CLASS_NOT_FOUND", "structure_proprietaire", "the only 'Excel' file is HTML")
    c.finding("FORMAT_CLASS_UNDECLARED", "non_structure", "an HTML table is 1★")
    c.finding("NO_OPEN_LICENCE", why="the .xls states no licence")
    return c


# ------------------------------------------------------------------ cases: smartweb refusing @search


@case
def herve():
    c = platform_case("herve", "63035", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
                      "iMio smartweb whose @search answers 401 (plone.restapi Unauthorized): the crawl finds the open-data "
                      "page 3 links deep", "plone_search")
    imio_robots(c)
    smartweb_shells(c)
    c.routed("/@search*", json.dumps({"message": "You are not authorized to access this resource.", "type": "Unauthorized"}),
             name="search-401.json", status=401, headers={"Content-Type": "application/json"})
    root = "/ma-commune/administration"
    page = f"{root}/donnees-ouvertes"
    fs, (a, x) = files_section(c, page, "fichiers", "Fichiers", [
        ("population-2025.csv", csv_bytes(POPULATION), "Population par section", ""),
        ("budget-2026.xlsx", xlsx_bytes(BUDGET), "Budget 2026", "")])
    smartweb_page(c, page, "Données ouvertes", [text_section("t", "Licence", f'<p>Données publiées sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>'), fs],
                  crumbs=[("Ma commune", "/ma-commune"), ("Administration", root), ("Données ouvertes", page)])
    smartweb_page(c, root, "Administration", [links_section("l", "Administration", [("Données ouvertes", page)])])
    smartweb_page(c, "/ma-commune", "Ma commune", [links_section("l", "Ma commune", [("Administration", root)])])
    c.menu = [("Ma commune", "/ma-commune"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/", "Accueil", [text_section("t", "Bienvenue", "<p>Herve, capitale du Pays de Herve.</p>")])
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-commune", root, page]], also_plain=True)
    c.expect(a, "CSV", "open")
    c.expect(x, "XLSX", "open")
    return c


@case
def theux():
    c = platform_case("theux", "63076", "plone6", decl(),
                      "iMio smartweb whose robots.txt disallows /@search (the endpoint answers, but must not be asked): "
                      "the crawl finds the data page 2 links deep", "plone_search")
    imio_robots(c, extra=("/@search", "/*/@search"))
    smartweb_shells(c)
    page = "/ma-commune/donnees-ouvertes"
    fs, (g, a) = files_section(c, page, "fichiers", "Fichiers", [
        ("arbres-remarquables.geojson", geojson_points([{"essence": "Chêne pédonculé"}, {"essence": "Hêtre pourpre"}], [(5.81, 50.53), (5.82, 50.54)]),
         "Arbres remarquables", ""),
        ("parkings.csv", csv_bytes([["parking", "places"], ["Place du Perron", "48"], ["Gare de Theux", "60"]]), "Parkings", "")])
    smartweb_page(c, page, "Données ouvertes", [text_section("t", "Licence", "<p>Licence Ouverte v2.0 (Etalab) pour tous les fichiers de cette page.</p>"), fs])
    smartweb_page(c, "/ma-commune", "Ma commune", [links_section("l", "Ma commune", [("Données ouvertes", page)])])
    c.menu = [("Ma commune", "/ma-commune"), ("Actualités", "/actualites"), ("Agenda", "/agenda")]
    smartweb_page(c, "/", "Accueil", [text_section("t", "Bienvenue", "<p>Theux, au cœur du Franchimontois.</p>")])
    plone_search(c)  # it answers; robots.txt forbids asking
    plone_sitemap_gz(c, [(u, "2026-10-01T08:00:00+00:00") for u in ["/", "/ma-commune", page]], also_plain=True)
    c.expect(g, "GEOJSON", "open")
    c.expect(a, "CSV", "open")
    return c


# ------------------------------------------------------------------ cases: older iMio Plone with sitemap.xml.gz


def cpskin_listing(items):
    """A Plone 4/5 folder listing (tileItem), files linked by their /view URL."""
    return '<div class="listing">' + "".join(
        f'<article class="tileItem"><h2 class="tileHeadline"><a href="{{{{ORIGIN}}}}{u}" class="summary url">{t}</a></h2>'
        f'<span class="documentByLine">{kind}</span></article>' for t, u, kind in items) + "</div>"


@case
def aywaille():
    c = platform_case("aywaille", "62009", "plone4", decl(formats="structure_ouvert|structure_proprietaire"),
                      "older iMio (Plone 4, cpskin); sitemap.xml.gz (named in robots.txt) lists 286 objects, files as "
                      ".../x.csv/view; the data page lists 2 CSV, an XLSX is only in the sitemap; @search 404", "plone_sitemap_gz")
    imio_robots(c, sitemap="/sitemap.xml.gz")
    entries = []
    pages = []
    for i in range(80):
        p = f"/ma-commune/services-communaux/service-{i + 1}"
        c.page(p, f"Service {i + 1}", f"<p>Informations du service {i + 1}.</p>")
        pages.append(p)
        entries.append((p, f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+01:00"))
    for i in range(200):
        name = f"document-{i + 1:03d}.pdf"
        u = f"/ma-commune/documents/{name}"
        c.file(u, pdf_bytes(f"Document {i + 1}"))
        entries.append((u + "/view", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+01:00"))
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "terrains-de-football.csv", csv_bytes([["terrain", "village"], ["Stade communal", "Aywaille"], ["Terrain de Harzé", "Harzé"]]), "Terrains de football")
    b = c.plone_file(folder, "cimetieres.csv", csv_bytes([["cimetiere", "adresse"], ["Cimetière d'Aywaille", "Rue de la Heid"], ["Cimetière de Sougné", "Sougné-Remouchamps"]]), "Cimetières")
    x = c.plone_file("/ma-commune/finances", "taxes-2026.xlsx", xlsx_bytes([["taxe", "taux"], ["Seconds résidences", 640], ["Déchets ménage", 120]]), "Taxes 2026")
    c.menu = [("Ma commune", "/ma-commune"), ("Actualités", "/actualites"), ("Contact", "/contact")]
    c.page(folder, "Données ouvertes", '<p>Licence : <a rel="license" href="' + CC_BY + '">CC BY 4.0</a></p>' +
           cpskin_listing([("Terrains de football", a + "/view", "Fichier — 1 Ko"), ("Cimetières", b + "/view", "Fichier — 1 Ko")]),
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.page("/ma-commune", "Ma commune", f'<ul><li><a href="{{{{ORIGIN}}}}{folder}">Données ouvertes</a></li>'
           f'<li><a href="{{{{ORIGIN}}}}/ma-commune/services-communaux">Services communaux</a></li></ul>')
    c.page("/ma-commune/services-communaux", "Services communaux", "<ul>" + "".join(
        f'<li><a href="{{{{ORIGIN}}}}{p}">Service {i + 1}</a></li>' for i, p in enumerate(pages[:20])) + "</ul>")
    c.page("/", "Accueil", f'<p>Bienvenue à Aywaille.</p><p><a href="{{{{ORIGIN}}}}/ma-commune">Ma commune</a></p>')
    entries += [("/", "2026-10-02T08:00:00+02:00"), ("/ma-commune", "2026-03-01T08:00:00+01:00"),
                (folder, "2026-06-11T14:00:00+02:00"), (a + "/view", "2026-06-11T14:02:00+02:00"),
                (b + "/view", "2026-05-20T10:30:00+02:00"), (x + "/view", "2026-03-04T11:00:00+01:00")]
    plone_sitemap_gz(c, entries)
    c.notfound_page()  # /@search: Plone 4 has no plone.restapi, the 404 template answers
    c.expect(a, "CSV", "open", modified="2026-06-11")
    c.expect(b, "CSV", "open", modified="2026-05-20")
    c.expect(x, "XLSX", ["unknown", "not_open"], modified="2026-03-04",
             note="only in sitemap.xml.gz; its /view page has only the footer's 'Tous droits réservés' (huy rule)")
    c.finding("NO_OPEN_LICENCE", why="taxes-2026.xlsx, found by the sitemap, states no licence")
    return c


@case
def beauraing():
    c = platform_case("beauraing", "91013", "plone5", None,
                      "older iMio (Plone 5.2), big (364 pages with the listing batches); no survey answer; 2 CSV on page 9 of the /publications folder "
                      "listing (b_start:int=160); sitemap.xml.gz (not named in robots.txt) and @search both list them",
                      "plone_sitemap_gz")
    imio_robots(c)
    c.menu = [("Ma ville", "/ma-ville"), ("Publications", "/publications"), ("Actualités", "/actualites"), ("Contact", "/contact")]
    entries = []
    # 200 news items listed 20 per page.
    news = []
    for i in range(200):
        p = f"/actualites/nouvelle-{i + 1:03d}"
        c.page(p, f"Nouvelle {i + 1}", f"<p>Communiqué n° {i + 1} de la Ville de Beauraing.</p>")
        news.append(p)
        entries.append((p, f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T12:00:00+01:00"))
    listing_pages(c, "/actualites", "Actualités", [(f"Nouvelle {i + 1}", p, "Actualité") for i, p in enumerate(news)], entries)
    # /publications: 198 bulletins and forms (PDF) and, on page 9, the two CSV.
    items = []
    for i in range(198):
        u = f"/publications/bulletin-{i + 1:03d}.pdf"
        c.file(u, pdf_bytes(f"Bulletin {i + 1}"))
        items.append((f"Bulletin communal n° {i + 1}", u + "/view", "Fichier PDF"))
        entries.append((u + "/view", f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+01:00"))
    s = "/publications/stationnement-2026.csv"
    m = "/publications/marches-hebdomadaires.csv"
    c.file(s, csv_bytes([["rue", "places", "zone"], ["Place de Seurre", "62", "bleue"], ["Rue de Dinant", "20", "payante"]]))
    c.file(m, csv_bytes(MARCHES))
    items[160:160] = [("Stationnement 2026 (CSV)", s + "/view", "Fichier CSV"), ("Marchés hebdomadaires (CSV)", m + "/view", "Fichier CSV")]
    entries += [(s + "/view", "2026-07-07T10:00:00+02:00"), (m + "/view", "2026-07-08T10:00:00+02:00")]
    listing_pages(c, "/publications", "Publications", items, entries)
    c.index = [{"url": u[:-len("/view")], "title": t, "description": "", "mime": mime_of(u[:-len("/view")]), "size": 900,
                "modified": mod.replace("+01:00", "+00:00").replace("+02:00", "+00:00")}
               for (t, u, _), mod in zip(items, [dict(entries)[u] for _, u, _ in items])]
    for i in range(140):
        p = f"/ma-ville/services/service-{i + 1}"
        c.page(p, f"Service {i + 1}", f"<p>Service communal {i + 1}.</p>")
        entries.append((p, "2025-06-01T10:00:00+02:00"))
    c.page("/ma-ville/services", "Services", "<ul>" + "".join(
        f'<li><a href="{{{{ORIGIN}}}}/ma-ville/services/service-{i + 1}">Service {i + 1}</a></li>' for i in range(140)) + "</ul>")
    c.page("/ma-ville", "Ma ville", '<p><a href="{{ORIGIN}}/ma-ville/services">Services</a></p>')
    c.page("/contact", "Contact", "<p>Rue de Dinant 5, 5570 Beauraing.</p>")
    c.page("/", "Accueil", "<p>Bienvenue à Beauraing.</p>")
    plone_sitemap_gz(c, entries)
    plone_search(c, v6=False)
    c.expect(s, "CSV", ["unknown", "not_open"], modified="2026-07-07",
             note="page 9 of the /publications listing; only the footer's 'Tous droits réservés' (huy rule)")
    c.expect(m, "CSV", ["unknown", "not_open"], modified="2026-07-08")
    c.finding("NO_OPEN_LICENCE", why="no licence stated for the two CSV")
    return c


def listing_pages(c, folder, title, items, entries, per_page=20):
    """A Plone 5 folder listing batched by 20 (`?b_start:int=N`), with its page links."""
    n = math.ceil(len(items) / per_page)
    for k in range(n):
        nav = '<nav class="pagination"><ul>' + "".join(
            f'<li><a href="{{{{ORIGIN}}}}{folder}' + (f'?b_start:int={j * per_page}' if j else "") + f'">{j + 1}</a></li>'
            for j in range(max(0, k - 2), min(n, k + 3))) + (
            f'<li class="next"><a href="{{{{ORIGIN}}}}{folder}?b_start:int={(k + 1) * per_page}">Suivant »</a></li>' if k + 1 < n else "") + "</ul></nav>"
        body = cpskin_listing(items[k * per_page:(k + 1) * per_page]) + nav
        if k == 0:
            c.page(folder, title, body)
        else:
            c.current = folder
            html = c.chrome(title, body)
            c.routed(f"{folder}?b_start:int={k * per_page}", html, name=f"{folder.strip('/')}-{k + 1}.html")


# ------------------------------------------------------------------ cases: WordPress media library


def wp_archive(c, root, posts, per_page=10):
    """A WordPress blog archive: /root/, /root/page/2/ … ten posts a page, newest first."""
    n = math.ceil(len(posts) / per_page)
    for k in range(n):
        arts = "".join(f'<article class="post type-post status-publish"><h2 class="entry-title"><a href="{{{{ORIGIN}}}}{u}" rel="bookmark">{t}</a></h2>'
                       f'<div class="entry-summary"><p>{t}…</p></div></article>' for t, u in posts[k * per_page:(k + 1) * per_page])
        nav = '<nav class="navigation pagination"><div class="nav-links">' + (
            f'<a class="prev page-numbers" href="{{{{ORIGIN}}}}{root}' + (f"page/{k}/" if k > 1 else "") + '">Précédent</a>' if k else "") + (
            f'<a class="next page-numbers" href="{{{{ORIGIN}}}}{root}page/{k + 2}/">Suivant</a>' if k + 1 < n else "") + "</div></nav>"
        c.page(root if k == 0 else f"{root}page/{k + 1}/", "Actualités" + (f" – Page {k + 1}" if k else ""), arts + nav)


@case
def estaimpuis():
    c = platform_case("estaimpuis", "57027", "wordpress", decl(formats="structure_ouvert|structure_proprietaire"),
                      "WordPress; the only data are in a 2023 blog post on page 12 of /actualites/ (CC BY); the media "
                      "endpoint lists 237 files in 3 pages of 100", "wp_media")
    wp_robots(c)
    c.menu = [("Ma commune", "/ma-commune/"), ("Actualités", "/actualites/"), ("Contact", "/contact/")]
    filler = wp_filler(c, 235)
    del filler
    posts = []
    air = "/wp-content/uploads/2023/05/releves-qualite-air-2022.csv"
    airx = "/wp-content/uploads/2023/05/releves-qualite-air-2022.xlsx"
    rows = [["date", "station", "pm10", "no2"], ["2022-01-15", "Néchin", "21", "18"], ["2022-02-15", "Néchin", "17", "15"]]
    wp_upload(c, air, csv_bytes(rows, delimiter=";"), "releves-qualite-air-2022", "2023-05-16T14:20:00+00:00")
    wp_upload(c, airx, xlsx_bytes(rows), "releves-qualite-air-2022 (Excel)", "2023-05-16T14:21:00+00:00")
    for i in range(125):
        y, mth = 2026 - i // 40, 12 - (i % 40) // 4
        slug = f"communique-{i + 1}"
        u = f"/{y}/{mth:02d}/{1 + i % 27:02d}/{slug}/"
        if i == 113:  # page 12 (posts 111-120)
            u = "/2023/05/16/qualite-de-l-air-les-releves-2022/"
            c.page(u, "Qualité de l’air : les relevés 2022", f"""<p>Les relevés de la station de mesure de Néchin pour 2022 sont disponibles.</p>
<p>Téléchargez-les : <a href="{{{{ORIGIN}}}}{air}">relevés 2022 (CSV)</a> – <a href="{{{{ORIGIN}}}}{airx}">version Excel</a>.</p>
<p>Ces données sont publiées sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>""")
            posts.append(("Qualité de l’air : les relevés 2022", u))
            continue
        c.page(u, f"Communiqué {i + 1}", f"<p>Communiqué n° {i + 1} de l'administration communale.</p>")
        posts.append((f"Communiqué {i + 1}", u))
    wp_archive(c, "/actualites/", posts)
    for i in range(30):
        c.page(f"/ma-commune/service-{i + 1}/", f"Service {i + 1}", f"<p>Service {i + 1}.</p>")
    c.page("/ma-commune/", "Ma commune", "<ul>" + "".join(f'<li><a href="{{{{ORIGIN}}}}/ma-commune/service-{i + 1}/">Service {i + 1}</a></li>' for i in range(30)) + "</ul>")
    c.page("/contact/", "Contact", "<p>Rue de Berne 1, 7730 Estaimpuis.</p>")
    c.page("/", "Accueil", '<p>Bienvenue à Estaimpuis.</p><p><a href="{{ORIGIN}}/actualites/">Toutes les actualités</a></p>')
    c.notfound_page()
    wp_media(c)
    c.expect(air, "CSV", "open", modified="2023-05-16", note="post 114 of 125: archive page 12; media page 3")
    c.expect(airx, "XLSX", "open", modified="2023-05-16")
    return c


@case
def jalhay():
    c = platform_case("jalhay", "63038", "wordpress", decl(),
                      "WordPress; open-data page with 2 CSV under CC0; an ODS only in the media library (2 pages of media, "
                      "the ODS on page 2)", "wp_media")
    wp_robots(c)
    wp_filler(c, 150)
    a = wp_upload(c, "/wp-content/uploads/2026/04/sentiers.csv", csv_bytes([["sentier", "km"], ["Tour du lac de la Gileppe", "13"], ["Promenade des Fagnes", "8"]]),
                  "sentiers", "2026-04-09T10:00:00+00:00")
    b = wp_upload(c, "/wp-content/uploads/2026/04/salles.csv", csv_bytes([["salle", "capacite"], ["Salle de Sart", "120"], ["Foyer de Jalhay", "200"]]),
                  "salles", "2026-04-09T10:05:00+00:00")
    o = wp_upload(c, "/wp-content/uploads/2024/01/plaines-de-jeux.ods", ods_bytes([["plaine", "village"], ["Plaine de Sart", "Sart"], ["Plaine du centre", "Jalhay"]]),
                  "plaines-de-jeux", "2024-01-22T08:30:00+00:00")
    home(c, "/donnees-ouvertes/")
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<p>Les données de cette page sont dédiées au domaine public (<a href="{CC0}">CC0 1.0</a>).</p>
<div class="wp-block-file"><a href="{{{{ORIGIN}}}}{a}">Sentiers balisés</a></div><div class="wp-block-file"><a href="{{{{ORIGIN}}}}{b}">Salles communales</a></div>""")
    c.notfound_page()
    wp_media(c)
    c.expect(a, "CSV", "open", modified="2026-04-09")
    c.expect(b, "CSV", "open", modified="2026-04-09")
    c.expect(o, "ODS", "unknown", modified="2024-01-22", note="only in the media library (page 2), no page links it")
    c.finding("NO_OPEN_LICENCE", why="the ODS states no licence")
    return c


@case
def rumes():
    c = platform_case("rumes", "57072", "wordpress", decl(formats="structure_ouvert|structure_proprietaire"),
                      "WordPress whose security plugin answers 403 to /wp-json/ (the head still announces the API): the "
                      "crawl finds the data page", "wp_media", host="rumes-online.be")
    wp_robots(c)
    a = "/wp-content/uploads/2025/09/associations.csv"
    x = "/wp-content/uploads/2025/09/subsides.xlsx"
    c.file(a, csv_bytes([["association", "village"], ["Les Amis de Taintignies", "Taintignies"], ["Club de pétanque", "La Glanerie"]]))
    c.file(x, xlsx_bytes([["club", "subside"], ["RC Rumes", 1500]]))
    home(c, "/donnees-ouvertes/")
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<p>Données publiées sous <a href="{ETALAB}">Licence Ouverte 2.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Associations (CSV)</a></li><li><a href="{{{{ORIGIN}}}}{x}">Subsides (Excel)</a></li></ul>""")
    c.routed("/wp-json*", "<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>Accès refusé.</p></body></html>",
             name="wp-json-403.html", status=403, headers={"Content-Type": "text/html; charset=UTF-8"})
    c.routed("/", headers={"Link": '<{{ORIGIN}}/wp-json/>; rel="https://api.w.org/"'})
    c.notfound_page()
    c.expect(a, "CSV", "open")
    c.expect(x, "XLSX", "open")
    return c


@case
def lens():
    c = platform_case("lens", "53046", "wordpress", decl(),
                      "old WordPress with plain permalinks: pages are /?page_id=N, posts /?p=N, the REST API is "
                      "/?rest_route=/wp/v2/media (the head says so; /wp-json/ is 404); a CSV only in the media "
                      "library, another on the data page", "wp_media")
    wp_robots(c)
    c.menu = [("Ma commune", "/?page_id=2"), ("Données ouvertes", "/?page_id=57"), ("Contact", "/?page_id=9")]
    wp_filler(c, 40)
    a = wp_upload(c, "/wp-content/uploads/2025/03/salles.csv", csv_bytes([["salle", "village"], ["Salle Saint-Martin", "Lens"], ["Foyer de Cambron", "Cambron-Saint-Vincent"]]),
                  "salles", "2025-03-03T10:00:00+00:00")
    b = wp_upload(c, "/wp-content/uploads/2025/11/ramassage-encombrants.csv", csv_bytes([["village", "date"], ["Lens", "2026-02-11"], ["Bauffe", "2026-02-12"]]),
                  "ramassage-encombrants", "2025-11-20T10:00:00+00:00")
    c.current = "/"
    for pid, title, body in [
            (2, "Ma commune", "<p>Lens, commune rurale du Hainaut.</p>"),
            (9, "Contact", "<p>Rue du Château 21, 7870 Lens.</p>"),
            (57, "Données ouvertes", f'<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p><p><a href="{{{{ORIGIN}}}}{a}">Salles communales (CSV)</a></p>')]:
        html = c.chrome(title, body)
        c.routed(f"/?page_id={pid}", html, name=f"page_id-{pid}.html")
    c.page("/", "Accueil", "<p>Bienvenue sur le site de la commune de Lens.</p>")
    # Plain permalinks: the REST API is reached through ?rest_route=, as the head announces.
    wp_media(c)
    for k in [k for k in c.routes if k.startswith("/wp-json/wp/v2/media")]:
        r = c.routes.pop(k)
        q = k[len("/wp-json/wp/v2/media"):].lstrip("?").rstrip("*")
        c.routes["/?rest_route=/wp/v2/media" + ("&" + q if q else "")] = r
    c.routes.pop("/wp-json/")
    c.routes["/?rest_route=/"] = {"file": "routes/wp-json.json", "headers": {"Content-Type": "application/json; charset=UTF-8"}}
    c.routes["/"] = {"headers": {"Link": '<{{ORIGIN}}/?rest_route=/>; rel="https://api.w.org/"'}}
    for name in [n for n in c.extra if n.startswith("routes/media-")]:
        c.extra[name] = c.extra[name].replace(b"/wp-json/wp/v2/media?", b"/?rest_route=/wp/v2/media&").replace(
            b"/wp-json/wp/v2/media", b"/?rest_route=/wp/v2/media")
    for key, r in c.routes.items():
        link = r.get("headers", {}).get("Link", "")
        r.get("headers", {}).update({"Link": link.replace("/wp-json/wp/v2/media?", "/?rest_route=/wp/v2/media&")} if link else {})
    for rel in list(c.site) + [n for n in c.extra if n.endswith(".html")]:
        store = c.site if rel in c.site else c.extra
        store[rel] = store[rel].replace(b'href="{{ORIGIN}}/wp-json/"', b'href="{{ORIGIN}}/?rest_route=/"')
    c.notfound_page()
    c.expect(a, "CSV", "open", modified="2025-03-03")
    c.expect(b, "CSV", "unknown", modified="2025-11-20", note="only in the media library (?rest_route=/wp/v2/media)")
    c.finding("NO_OPEN_LICENCE", why="ramassage-encombrants.csv states no licence")
    return c


if __name__ == "__main__":
    only = set(sys.argv[1:])
    for fn in CASES:
        c = fn()
        if not only or c.slug in only:
            c.write()
    print(f"{len(CASES)} platform cases written to tests/realism/cases", file=sys.stderr)
