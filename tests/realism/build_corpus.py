#!/usr/bin/env python3
"""Writes tests/realism/cases/: realistic commune websites with their expected reading.

Run `python3 tests/realism/build_corpus.py` after editing; the output is committed. Every
expected value below is what a careful person concludes from the pages and files, written
without looking at the auditor's code (see README.md for the rules applied).
"""
from lib import *  # noqa: F401,F403

# ------------------------------------------------------------------ shared data

ADRESSES_DEFIB = [["lieu", "adresse", "acces", "latitude", "longitude"],
                  ["Salle communale", "Rue de l'Église 2", "24h/24", "50.6512", "4.7703"],
                  ["Hall omnisports", "Avenue des Sports 10", "heures d'ouverture", "50.6488", "4.7811"],
                  ["Administration communale", "Place communale 1", "heures de bureau", "50.6501", "4.7755"]]
POPULATION = [["annee", "section", "hommes", "femmes", "total"],
              ["2025", "Centre", "2311", "2402", "4713"],
              ["2025", "Nord", "1204", "1250", "2454"],
              ["2025", "Sud", "980", "1011", "1991"]]
BUDGET = [["article", "libelle", "exercice", "montant"],
          ["040/371-01", "Précompte immobilier", 2025, 1250000],
          ["000/100-01", "Traitement du personnel", 2025, 3450000],
          ["104/123-02", "Fournitures de bureau", 2025, 42000]]
RUES = [["rue"], ["Rue de la Station"], ["Rue du Moulin"], ["Chaussée de Bruxelles"], ["Place communale"],
        ["Rue des Écoles"], ["Allée des Tilleuls"], ["Rue Haute"], ["Rue Basse"], ["Chemin du Bois"]]
ECOLES = [["nom", "reseau", "adresse", "code_postal", "eleves"],
          ["École communale du Centre", "communal", "Rue des Écoles 4", "1320", "212"],
          ["École communale de Nord", "communal", "Rue du Moulin 18", "1320", "98"],
          ["Institut Saint-Joseph", "libre", "Rue Haute 27", "1320", "340"]]
MARCHES = [["jour", "lieu", "horaire", "nombre_echoppes"],
           ["mardi", "Place communale", "08:00-13:00", "35"],
           ["samedi", "Parking de la gare", "07:30-12:30", "22"]]


def pv_links(case, root, years=(2026, 2025, 2024)):
    """Council minutes, as iMio sites list them: PDFs, not data."""
    out = []
    for y in years:
        for m in ("01", "03", "05"):
            p = f"{root}/{y}/pv-conseil-communal-{y}-{m}.pdf"
            case.file(p, pdf_bytes(f"Proces-verbal du conseil communal de {case.name} {m}/{y}"))
            out.append(f'<li><a href="{{{{ORIGIN}}}}{p}">PV du conseil communal du {m}/{y}</a></li>')
    return "<ul>" + "".join(out) + "</ul>"


def home(case, data_path, data_label="Données ouvertes", extra="", news=True):
    """A homepage: news, quick links, the link to the data page, an agenda."""
    case.menu.insert(1, (data_label, data_path))
    body = f"""<section class="quick-links"><h2>En un clic</h2><ul>
<li><a href="{{{{ORIGIN}}}}/ma-commune/services-communaux/population-etat-civil">Population – État civil</a></li>
<li><a href="{{{{ORIGIN}}}}/ma-commune/services-communaux/urbanisme">Urbanisme</a></li>
<li><a href="{{{{ORIGIN}}}}{data_path}">{data_label}</a></li>
<li><a href="{{{{ORIGIN}}}}/ma-commune/vie-politique/conseil-communal">Conseil communal</a></li></ul></section>
""" + (f"""<section class="news"><h2>Actualités</h2>
<article><h3><a href="{{{{ORIGIN}}}}/actualites/collecte-des-sapins">Collecte des sapins de Noël</a></h3><p>La collecte aura lieu le 8 janvier 2027.</p></article>
<article><h3><a href="{{{{ORIGIN}}}}/actualites/travaux-rue-de-la-station">Travaux rue de la Station</a></h3><p>La circulation sera alternée du 2 au 13 décembre.</p></article>
</section>""" if news else "") + extra + """<section class="agenda"><h2>Agenda</h2><p>Marché de Noël — 13 et 14 décembre</p></section>"""
    case.page("/", "Accueil", body)
    for t, u in [("Ma commune", "/ma-commune"), ("Vivre à " + case.name, "/vivre"), ("Actualités", "/actualites"),
                 ("Population – État civil", "/ma-commune/services-communaux/population-etat-civil"),
                 ("Urbanisme", "/ma-commune/services-communaux/urbanisme"),
                 ("Conseil communal", "/ma-commune/vie-politique/conseil-communal"),
                 ("Travaux rue de la Station", "/actualites/travaux-rue-de-la-station")]:
        case.page(u, t, f"<p>{t} : informations pratiques, horaires et contacts du service.</p>")
    case.page("/actualites/collecte-des-sapins", "Collecte des sapins de Noël",
              "<p>Déposez votre sapin, sans décoration, devant votre habitation le 8 janvier avant 7 h.</p>")
    case.page("/contact", "Contact", "<p>Administration communale — Place communale 1. Ouvert du lundi au vendredi de 8 h 30 à 12 h.</p>")


def li_files(files):
    return "<ul>" + "".join(f'<li><a href="{{{{ORIGIN}}}}{u}">{t}</a></li>' for t, u in files) + "</ul>"


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ------------------------------------------------------------------ cases

@case
def beauvechain():
    c = Case("beauvechain", "25005", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
             "iMio smartweb; licence stated by a link in a paragraph above the files (issue 10 #1)")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "defibrillateurs.csv", csv_bytes(ADRESSES_DEFIB), "Défibrillateurs")
    b = c.plone_file(folder, "population-2025.xlsx", xlsx_bytes(POPULATION), "Population 2025")
    g = c.plone_file(folder, "points-de-collecte.geojson",
                     geojson_points([{"nom": "Bulle à verre Église"}, {"nom": "Bulle à verre Gare"}],
                                    [(4.77, 50.65), (4.78, 50.66)]), "Points de collecte")
    c.page(folder, "Données ouvertes", f"""
<p class="documentDescription">La commune met à disposition ses données publiques.</p>
<p>Les données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a></p>
<div class="table_listing"><ul>
<li><a href="{{{{ORIGIN}}}}{a}/@@download/file/defibrillateurs.csv">Défibrillateurs (CSV)</a></li>
<li><a href="{{{{ORIGIN}}}}{b}/@@download/file/population-2025.xlsx">Population par section 2025 (XLSX)</a></li>
<li><a href="{{{{ORIGIN}}}}{g}/@@download/file/points-de-collecte.geojson">Points de collecte des déchets (GeoJSON)</a></li>
</ul></div>""", crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(b, "XLSX", "open")
    c.expect(g, "GEOJSON", "open")
    return c


@case
def braine_lalleud():
    c = Case("braine-lalleud", "25014", "plone4", decl(formats="structure_ouvert"),
             "old iMio cpskin (Plone 4); rel=license; Plone folder listing with .../file.csv/view links; PV PDFs in the menu")
    c.menu.append(("Procès-verbaux", "/ma-ville/vie-politique/conseil-communal/proces-verbaux"))
    home(c, "/ma-ville/donnees-ouvertes")
    c.page("/ma-ville/vie-politique/conseil-communal/proces-verbaux", "Procès-verbaux du conseil communal",
           pv_links(c, "/ma-ville/vie-politique/conseil-communal/proces-verbaux"))
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "ecoles.csv", csv_bytes(ECOLES), "Écoles")
    b = c.plone_file(folder, "marches.json", json_bytes([dict(zip(MARCHES[0], r)) for r in MARCHES[1:]]), "Marchés")
    c.page(folder, "Données ouvertes", f"""
<p class="documentDescription">Jeux de données publiés par la Ville.</p>
<div class="listing">
<article class="tileItem"><h2 class="tileHeadline"><a href="{{{{ORIGIN}}}}{a}/view" class="summary url">Implantations scolaires</a></h2>
<p class="tileBody"><span class="description">Liste des écoles de l'entité, avec leur réseau.</span></p><span class="documentByLine">Fichier — 1 Ko</span></article>
<article class="tileItem"><h2 class="tileHeadline"><a href="{{{{ORIGIN}}}}{b}/view" class="summary url">Marchés hebdomadaires</a></h2>
<p class="tileBody"><span class="description">Jours et lieux des marchés.</span></p><span class="documentByLine">Fichier — 1 Ko</span></article>
</div>
<p class="licence">Licence : <a rel="license" href="{CC_BY_FR}">Creative Commons Attribution 4.0 International</a></p>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(b, "JSON", "open")
    return c


@case
def chaumont_gistoux():
    c = Case("chaumont-gistoux", "25018", "wordpress", decl(formats="structure_ouvert"),
             "WordPress; CC badge image (alt) linked to the licence; files in wp-content/uploads")
    home(c, "/open-data/", "Open Data")
    a = "/wp-content/uploads/2024/03/budget-2025.csv"
    b = "/wp-content/uploads/2024/03/budget-2025.xlsx"
    c.file(a, csv_bytes(BUDGET))
    c.file(b, xlsx_bytes(BUDGET))
    c.page("/open-data/", "Open Data", f"""
<p>Dans un souci de transparence, la commune publie ses données en format ouvert.</p>
<h2 class="wp-block-heading">Budget communal 2025</h2>
<div class="wp-block-file"><a id="wp-block-file--media-1" href="{{{{ORIGIN}}}}{a}">budget-2025</a><a href="{{{{ORIGIN}}}}{a}" class="wp-block-file__button wp-element-button" download aria-describedby="wp-block-file--media-1">Télécharger</a></div>
<div class="wp-block-file"><a id="wp-block-file--media-2" href="{{{{ORIGIN}}}}{b}">budget-2025 (Excel)</a><a href="{{{{ORIGIN}}}}{b}" class="wp-block-file__button wp-element-button" download aria-describedby="wp-block-file--media-2">Télécharger</a></div>
<figure class="wp-block-image size-full"><a href="{CC_BY}"><img decoding="async" width="88" height="31" src="https://i.creativecommons.org/l/by/4.0/88x31.png" alt="Licence Creative Commons Attribution 4.0 International" class="wp-image-2211"/></a></figure>""")
    c.expect(a, "CSV", "open")
    c.expect(b, "XLSX", "open")
    c.finding("FORMAT_CLASS_UNDECLARED", "structure_proprietaire", "an XLSX (2★) is published, only structure_ouvert declared")
    return c



@case
def genappe():
    c = Case("genappe", "25031", "drupal", decl(formats="structure_ouvert|structure_proprietaire"),
             "Drupal; a files table with a Licence column: two open rows, one 'Tous droits réservés'; dates per row")
    home(c, "/donnees-ouvertes")
    a = "/sites/default/files/2024-05/ecoles.csv"
    b = "/sites/default/files/2024-05/marches.csv"
    x = "/sites/default/files/2024-05/subsides-associations.xlsx"
    c.file(a, csv_bytes(ECOLES))
    c.file(b, csv_bytes(MARCHES))
    c.file(x, xlsx_bytes([["association", "montant"], ["Royal Genappe FC", 2500], ["Les Amis du Lothier", 800]]))
    rows = [("Implantations scolaires", "CSV", "CC BY 4.0", "02/05/2024", a),
            ("Marchés hebdomadaires", "CSV", "Licence ouverte", "02/05/2024", b),
            ("Subsides aux associations", "XLSX", "Tous droits réservés", "17/05/2024", x)]
    trs = "".join(f'<tr><td>{t}</td><td>{f}</td><td>{l}</td><td>{d}</td><td><span class="file file--mime-text-csv"><a href="{u}" type="text/csv">Télécharger</a></span></td></tr>' for t, f, l, d, u in rows)
    c.page("/donnees-ouvertes", "Données ouvertes", f"""
<p>Retrouvez ci-dessous les jeux de données publiés par l'administration communale.</p>
<table class="views-table cols-5"><thead><tr><th>Jeu de données</th><th>Format</th><th>Licence</th><th>Mise à jour</th><th>Fichier</th></tr></thead>
<tbody>{trs}</tbody></table>""")
    c.expect(a, "CSV", "open", modified="2024-05-02")
    c.expect(b, "CSV", "open", modified="2024-05-02")
    c.expect(x, "XLSX", "not_open", modified="2024-05-17")
    c.finding("NO_OPEN_LICENCE", why="the XLSX row says 'Tous droits réservés'")
    return c


@case
def grez_doiceau():
    c = Case("grez-doiceau", "25037", "custom", decl(update="automatique"),
             "home-made PHP site; each dataset described by a <dl> (Licence ODbL, date, yearly frequency), not late")
    c.menu = [("Accueil", "/index.php"), ("Vie communale", "/index.php?page=vie-communale"),
              ("Données ouvertes", "/index.php?page=donnees-ouvertes"), ("Contact", "/index.php?page=contact")]
    c.page("/", "Accueil", """<p>Bienvenue sur le site officiel de la commune de Grez-Doiceau.</p>
<p><a href="/index.php?page=donnees-ouvertes">Nos données ouvertes</a> — <a href="/index.php?page=vie-communale">Vie communale</a></p>""")
    c.routed("/index.php", file="site/index.html")
    a = "/documents/opendata/collectes-2026.csv"
    b = "/documents/opendata/associations.csv"
    c.file(a, csv_bytes([["date", "type", "secteur"], ["2026-01-07", "PMC", "A"], ["2026-01-14", "papiers", "A"], ["2026-01-08", "PMC", "B"]]))
    c.file(b, csv_bytes([["nom", "domaine", "contact"], ["Cercle d'histoire", "culture", "histoire@example.org"], ["Les Marcheurs du Train", "sport", "marche@example.org"]]))
    c.current = "/index.php?page=donnees-ouvertes"
    c.routed("/index.php?page=donnees-ouvertes", custom_page(c, "Données ouvertes", f"""
<div class="dataset"><h2>Calendrier des collectes 2026</h2>
<dl class="meta"><dt>Format</dt><dd>CSV</dd><dt>Licence</dt><dd>ODbL</dd><dt>Mise à jour</dt><dd>15/09/2026</dd><dt>Fréquence</dt><dd>Annuelle</dd></dl>
<p><a href="{a}">Télécharger le fichier</a></p></div>
<div class="dataset"><h2>Associations de l'entité</h2>
<dl class="meta"><dt>Format</dt><dd>CSV</dd><dt>Licence</dt><dd>ODbL</dd><dt>Mise à jour</dt><dd>03/06/2026</dd><dt>Fréquence</dt><dd>Annuelle</dd></dl>
<p><a href="{a.replace('collectes-2026', 'associations')}">Télécharger le fichier</a></p></div>"""), name="donnees-ouvertes.html")
    c.routed("/index.php?page=vie-communale", custom_page(c, "Vie communale", "<p>Le collège, le conseil, les services.</p>"), name="vie-communale.html")
    c.expect(a, "CSV", "open", modified="2026-09-15")
    c.expect(b, "CSV", "open", modified="2026-06-03")
    return c


@case
def jodoigne():
    c = Case("jodoigne", "25048", "plone6", decl(),
             "iMio smartweb; the licence only in <meta name=dcterms.license> of the data page")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "parkings.csv", csv_bytes([["nom", "places", "pmr"], ["Grand-Place", "84", "4"], ["Gare", "120", "6"]]), "Parkings")
    b = c.plone_file(folder, "bornes-velos.json", json_bytes([{"lieu": "Gare", "places": 12}, {"lieu": "Piscine", "places": 8}]), "Bornes vélos")
    c.page(folder, "Données ouvertes", f"""
<div class="table_listing"><table class="listing"><thead><tr><th>Titre</th><th>Taille</th></tr></thead><tbody>
<tr><td><a href="{{{{ORIGIN}}}}{a}/@@download/file/parkings.csv">Parkings publics</a></td><td>1 Ko</td></tr>
<tr><td><a href="{{{{ORIGIN}}}}{b}/@@download/file/bornes-velos.json">Stationnements vélos</a></td><td>1 Ko</td></tr>
</tbody></table></div>""", crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)],
           head_extra=f'<meta name="dcterms.license" content="{CC_BY}" />\n<link rel="schema.dcterms" href="http://purl.org/dc/terms/" />')
    c.expect(a, "CSV", "open")
    c.expect(b, "JSON", "open")
    return c


@case
def la_hulpe():
    c = Case("la-hulpe", "25050", "wordpress", decl(),
             "WordPress; JSON-LD Dataset with license CC0 in the head; no licence text on the page")
    home(c, "/donnees-ouvertes/")
    a = "/wp-content/uploads/2025/01/arbres-remarquables.csv"
    g = "/wp-content/uploads/2025/01/arbres-remarquables.geojson"
    c.file(a, csv_bytes([["espece", "circonference_cm", "lieu"], ["Hêtre pourpre", "412", "Parc communal"], ["Chêne pédonculé", "365", "Rue des Combattants"]]))
    c.file(g, geojson_points([{"espece": "Hêtre pourpre"}, {"espece": "Chêne pédonculé"}], [(4.48, 50.73), (4.49, 50.72)]))
    ld = json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "name": "Arbres remarquables de La Hulpe",
                     "license": CC0, "creator": {"@type": "GovernmentOrganization", "name": "Commune de La Hulpe"},
                     "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": "{{ORIGIN}}" + a},
                                      {"@type": "DataDownload", "encodingFormat": "application/geo+json", "contentUrl": "{{ORIGIN}}" + g}]},
                    ensure_ascii=False)
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""
<h2 class="wp-block-heading">Arbres remarquables</h2>
<p>Inventaire des arbres remarquables de l'entité.</p>
<ul class="wp-block-list"><li><a href="{{{{ORIGIN}}}}{a}">Arbres remarquables (CSV)</a></li><li><a href="{{{{ORIGIN}}}}{g}">Arbres remarquables (GeoJSON)</a></li></ul>""",
           head_extra=f'<script type="application/ld+json">{ld}</script>')
    c.expect(a, "CSV", "open")
    c.expect(g, "GEOJSON", "open")
    return c


@case
def nivelles():
    c = Case("nivelles", "25072", "plone6", decl(),
             "iMio smartweb; a plain-text statement for the whole section: Licence Ouverte v2.0 (Etalab), no link")
    home(c, "/ma-ville/transparence/donnees-ouvertes")
    folder = "/ma-ville/transparence/donnees-ouvertes"
    a = c.plone_file(folder, "cimetieres.csv", csv_bytes([["cimetiere", "adresse"], ["Nivelles Centre", "Rue de Namur"], ["Baulers", "Rue du Cimetière"]]), "Cimetières")
    b = c.plone_file(folder, "salles-communales.ods", ods_bytes([["salle", "capacite"], ["Salle du Waux-Hall", 400], ["Salle de Thines", 120]]), "Salles")
    c.page(folder, "Données ouvertes", f"""
<p><strong>Les fichiers ci-dessous sont publiés sous la Licence Ouverte v2.0 (Etalab).</strong> Vous pouvez les réutiliser librement en citant la source « Ville de Nivelles ».</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}/view">Cimetières</a> <span class="discreet">(CSV, 1 Ko)</span></li>
<li><a href="{{{{ORIGIN}}}}{b}/view">Salles communales</a> <span class="discreet">(ODS, 2 Ko)</span></li></ul>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Transparence", "/ma-ville/transparence"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(b, "ODS", "open")
    return c


@case
def perwez():
    c = Case("perwez", "25084", "drupal", decl(formats="structure_ouvert|structure_proprietaire"),
             "Drupal; two datasets on one page with different licences (CC BY / tous droits réservés): no leaking")
    home(c, "/donnees-ouvertes")
    a = "/sites/default/files/opendata/budget-2025.csv"
    x = "/sites/default/files/opendata/plan-communal-mobilite.xlsx"
    c.file(a, csv_bytes(BUDGET))
    c.file(x, xlsx_bytes([["axe", "action", "echeance"], ["Centre", "Zone 30", "2026"], ["Gare", "Parking vélos", "2027"]]))
    c.page("/donnees-ouvertes", "Données ouvertes", f"""
<div class="views-row"><article class="node node--type-dataset node--view-mode-teaser">
<h2><a href="/donnees-ouvertes/budget-2025">Budget communal 2025</a></h2>
<div class="field field--name-field-licence field--type-string field--label-inline"><div class="field__label">Licence</div><div class="field__item">CC BY 4.0</div></div>
<div class="field field--name-field-fichier field--type-file"><span class="file file--mime-text-csv file--text"><a href="{a}" type="text/csv; length=214">budget-2025.csv</a></span></div>
</article></div>
<div class="views-row"><article class="node node--type-dataset node--view-mode-teaser">
<h2><a href="/donnees-ouvertes/plan-communal-mobilite">Plan communal de mobilité — actions</a></h2>
<div class="field field--name-field-licence field--type-string field--label-inline"><div class="field__label">Licence</div><div class="field__item">© Bureau d'études Transitec — tous droits réservés</div></div>
<div class="field field--name-field-fichier field--type-file"><span class="file file--mime-application-vnd-openxmlformats-officedocument-spreadsheetml-sheet file--x-office-spreadsheet"><a href="{x}">plan-communal-mobilite.xlsx</a></span></div>
</article></div>""")
    c.expect(a, "CSV", "open")
    c.expect(x, "XLSX", "not_open")
    c.finding("NO_OPEN_LICENCE", why="the mobility plan is 'tous droits réservés'")
    return c


@case
def rixensart():
    c = Case("rixensart", "25091", "custom", decl(),
             "home-made site; data files with no licence anywhere (unknown)")
    home(c, "/donnees-ouvertes.php")
    a = "/data/population-2025.csv"
    b = "/data/naissances-2025.csv"
    c.file(a, csv_bytes(POPULATION))
    c.file(b, csv_bytes([["mois", "naissances"], ["01", "18"], ["02", "21"], ["03", "15"]]))
    c.page("/donnees-ouvertes.php", "Données ouvertes", f"""<p>Statistiques de la population, mises à jour par le service Population.</p>
<table border="1" cellpadding="4"><tr><th>Donnée</th><th>Fichier</th></tr>
<tr><td>Population par section 2025</td><td><a href="{a}">population-2025.csv</a></td></tr>
<tr><td>Naissances par mois 2025</td><td><a href="{b}">naissances-2025.csv</a></td></tr></table>""")
    c.expect(a, "CSV", "unknown")
    c.expect(b, "CSV", "unknown")
    c.finding("NO_OPEN_LICENCE", why="no licence stated")
    return c


@case
def tubize():
    c = Case("tubize", "25105", "plone4", decl(formats="structure_ouvert"),
             "old Plone; the data page says 'Tous droits réservés' (not open)")
    home(c, "/ma-ville/publications-statistiques")
    folder = "/ma-ville/publications-statistiques"
    a = c.plone_file(folder, "statistiques-population.csv", csv_bytes(POPULATION), "Statistiques de population")
    c.page(folder, "Données et statistiques", f"""
<p>Statistiques communales (jeux de données).</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}/view">Statistiques de population 2025</a></li></ul>
<p class="discreet">© Ville de Tubize. Tous droits réservés. Toute reproduction ou réutilisation est interdite sans autorisation écrite du Collège communal.</p>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Données et statistiques", folder)])
    c.expect(a, "CSV", "not_open")
    c.finding("NO_OPEN_LICENCE", why="all rights reserved")
    return c


@case
def waterloo():
    c = Case("waterloo", "25110", "wordpress", decl(),
             "WordPress; a one-column CSV (list of streets with a header) served as text/csv (issue 10 #5)")
    home(c, "/donnees-ouvertes/")
    a = "/wp-content/uploads/2023/11/liste-des-rues.csv"
    b = "/wp-content/uploads/2023/11/ecoles.csv"
    c.file(a, csv_bytes(RUES, crlf=False))
    c.file(b, csv_bytes(ECOLES))
    c.routed(a, csv_bytes(RUES, crlf=False), name="liste-des-rues.csv", headers={"Content-Type": "text/csv; charset=utf-8"})
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""
<p>Les données de la commune sont publiées sous licence <a href="{CC_BY}" target="_blank" rel="noopener">Creative Commons BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Liste des rues de Waterloo</a></li><li><a href="{{{{ORIGIN}}}}{b}">Écoles</a></li></ul>""")
    c.expect(a, "CSV", "open", note="one column with a header: still CSV, not mislabelled")
    c.expect(b, "CSV", "open")
    return c


@case
def wavre():
    c = Case("wavre", "25112", "drupal", decl(),
             "Drupal multisite (/sites/wavre/files/); a JSON export followed by a PHP notice (issue 10 #5)")
    home(c, "/fr/donnees-ouvertes")
    j = "/opendata/export.php?jeu=defibrillateurs&format=json"
    body = json.dumps([{"lieu": r[0], "adresse": r[1]} for r in ADRESSES_DEFIB[1:]], ensure_ascii=False)
    body += '<br />\n<b>Notice</b>:  Undefined index: tri in <b>/var/www/wavre/opendata/export.php</b> on line <b>42</b><br />\n'
    c.routed(j, body, name="export-defibrillateurs.json", headers={"Content-Type": "application/json; charset=utf-8"})
    a = "/sites/wavre/files/opendata/parkings.csv"
    c.file(a, csv_bytes([["parking", "places"], ["Place Bosch", "210"], ["Gare", "320"]]))
    c.page("/fr/donnees-ouvertes", "Données ouvertes", f"""
<p>Données publiées sous licence CC BY 4.0 (<a href="{CC_BY}">texte de la licence</a>).</p>
<h2>Défibrillateurs</h2><p><a href="{j.replace('&', '&amp;')}">Export JSON</a></p>
<h2>Parkings</h2><p><span class="file file--mime-text-csv"><a href="{a}">parkings.csv</a></span></p>""")
    c.expect(j, ["JSON", "UNKNOWN"], "open", note="JSON broken by trailing PHP notice: JSON or UNKNOWN, never TXT, not mislabelled")
    c.expect(a, "CSV", "open")
    return c


@case
def ath():
    c = Case("ath", "51004", "custom", decl(),
             "home-made site in ISO-8859-1; CSV with ';' and Windows-1252 accents; 'Licence Ouverte' in text")
    c.menu = [("Accueil", "/index.php"), ("Données ouvertes", "/index.php?id=donnees-ouvertes"), ("Contact", "/index.php?page=contact")]
    page_hdr = {"Content-Type": "text/html; charset=iso-8859-1"}
    c.current = "/"
    c.routed("/", custom_page(c, "Accueil", '<p>Bienvenue à Ath, cité des Géants.</p><p><a href="/index.php?id=donnees-ouvertes">Données ouvertes de la Ville</a></p>',
                              charset="iso-8859-1").encode("latin-1", "xmlcharrefreplace"), name="index-latin1.html", headers=page_hdr)
    c.routed("/index.php", file="routes/index-latin1.html", headers=page_hdr)
    rows = [["cimetière", "adresse", "entité"], ["Ath (Centre)", "Chemin des Écoliers", "Ath"], ["Lanquesaint", "Rue de l'Église", "Lanquesaint"], ["Mainvault", "Rue du Château", "Mainvault"]]
    a = "/upload/opendata/cimetieres.csv"
    b = "/upload/opendata/salles-des-fetes.csv"
    c.file(a, csv_bytes(rows, delimiter=";", encoding="cp1252"))
    c.file(b, csv_bytes([["salle", "capacité", "réservation"], ["Salle des fêtes d'Irchonwelz", "250", "Service Événements"], ["Château Burbant", "180", "Maison culturelle"]], delimiter=";", encoding="cp1252"))
    c.current = "/index.php?id=donnees-ouvertes"
    page = custom_page(c, "Données ouvertes", f"""<p>La Ville d'Ath met à disposition les données suivantes. Ces données sont mises à disposition sous Licence Ouverte / Open Licence version 2.0.</p>
<ul><li><a href="{a}">Liste des cimetières (CSV)</a> — mise à jour le 12/03/2026</li><li><a href="{b}">Salles des fêtes (CSV)</a> — mise à jour le 20/04/2026</li></ul>""", charset="iso-8859-1")
    c.routed("/index.php?id=donnees-ouvertes", page.encode("latin-1", "xmlcharrefreplace"), name="donnees-latin1.html", headers=page_hdr)
    c.expect(a, "CSV", "open", modified="2026-03-12")
    c.expect(b, "CSV", "open", modified="2026-04-20")
    return c


@case
def beloeil():
    c = Case("beloeil", "51008", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
             "iMio; an XLSX served as application/octet-stream by @@download/file with only Content-Disposition naming it")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    x = f"{folder}/budget-2025/@@download/file"
    c.routed(x, xlsx_bytes(BUDGET), name="budget-2025.xlsx",
             headers={"Content-Type": "application/octet-stream", "Content-Disposition": 'attachment; filename="Budget 2025 - service ordinaire.xlsx"'})
    a = c.plone_file(folder, "travaux-voiries.csv", csv_bytes([["rue", "debut", "fin"], ["Rue de la Gare", "2026-09-01", "2026-12-15"]]), "Travaux")
    c.page(folder, "Données ouvertes", f"""
<p>Licence : <a href="{CC_BY}">CC BY 4.0</a> — attribution : Commune de Belœil.</p>
<ul><li><a href="{{{{ORIGIN}}}}{x}">Budget 2025 – service ordinaire</a></li>
<li><a href="{{{{ORIGIN}}}}{a}/@@download/file/travaux-voiries.csv">Travaux de voirie en cours</a></li></ul>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(x, "XLSX", "open", note="octet-stream is no contradiction; Content-Disposition names it")
    c.expect(a, "CSV", "open")
    return c


@case
def bernissart():
    c = Case("bernissart", "51009", "wordpress", decl(formats="structure_ouvert|structure_proprietaire"),
             "WordPress with Download Monitor: /download/NNN/ links, octet-stream, file named by Content-Disposition")
    home(c, "/donnees-ouvertes/")
    d1, d2 = "/download/1234/", "/download/1240/"
    c.routed(d1, csv_bytes(POPULATION), name="population-2025.csv",
             headers={"Content-Type": "application/octet-stream", "Content-Disposition": 'attachment; filename="population-2025.csv"'})
    c.routed(d2, xlsx_bytes(BUDGET), name="budget-2025.xlsx",
             headers={"Content-Type": "application/force-download", "Content-Disposition": 'attachment; filename="budget-2025.xlsx"'})
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""
<p>Toutes les données de cette page sont publiées sous la licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<div class="download-box"><a class="download-link" title="Version 1.0" href="{{{{ORIGIN}}}}{d1}" rel="nofollow">Population par section (CSV) (12 téléchargements)</a></div>
<div class="download-box"><a class="download-link" title="Version 2.1" href="{{{{ORIGIN}}}}{d2}" rel="nofollow">Budget 2025 (Excel) (7 téléchargements)</a></div>""")
    c.expect(d1, "CSV", "open")
    c.expect(d2, "XLSX", "open")
    return c


@case
def enghien():
    c = Case("enghien", "51067", "plone6", decl(),
             "iMio; every data file answers 429 with Retry-After: 3600 (issue 10 #2, #3): non vérifiable, no accusation")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a, b = f"{folder}/fichiers/parc-enghien-visiteurs.csv", f"{folder}/fichiers/ecoles.csv"
    c.file(a, csv_bytes([["mois", "visiteurs"], ["2026-05", "12840"], ["2026-06", "15022"]]))
    c.file(b, csv_bytes(ECOLES))
    c.routed(f"{folder}/fichiers/*", status=429, body="Too Many Requests", headers={"Retry-After": "3600", "Content-Type": "text/plain"})
    c.page(folder, "Données ouvertes", f"""
<p>Ces jeux de données sont publiés sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Fréquentation du parc d'Enghien</a></li><li><a href="{{{{ORIGIN}}}}{b}">Écoles</a></li></ul>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open", verifiable=False, note="429 Retry-After 3600")
    c.expect(b, "CSV", "open", verifiable=False, note="429 Retry-After 3600")
    return c


@case
def lessines():
    c = Case("lessines", "51069", "wordpress", decl(),
             "WordPress; robots.txt answers 429 Retry-After 3600: the site must not be crawled now, and no accusation")
    home(c, "/donnees-ouvertes/")
    a = "/wp-content/uploads/2025/06/ecoles.csv"
    c.file(a, csv_bytes(ECOLES))
    c.page("/donnees-ouvertes/", "Données ouvertes", f'<p>Licence <a href="{CC_BY}">CC BY 4.0</a></p><p><a href="{{{{ORIGIN}}}}{a}">Écoles (CSV)</a></p>')
    c.routed("/robots.txt", status=429, body="Too Many Requests", headers={"Retry-After": "3600", "Content-Type": "text/plain"})
    # Nothing may be read before the hour asked for: no distribution expected, no finding.
    return c


@case
def charleroi():
    c = Case("charleroi", "52011", "drupal", decl(),
             "Drupal; robots.txt disallows the folder holding the files: linked, not fetched, non vérifiable")
    home(c, "/fr/donnees-ouvertes")
    c.file("robots.txt", b"User-agent: *\nDisallow: /fichiers/\nDisallow: /user/\nDisallow: /search/\n\nSitemap: /sitemap.xml\n")
    a, b = "/fichiers/opendata/voiries.csv", "/fichiers/opendata/equipements-sportifs.csv"
    c.file(a, csv_bytes([["rue", "district"], ["Boulevard Tirou", "Charleroi"], ["Rue de Montigny", "Charleroi"]]))
    c.file(b, csv_bytes([["equipement", "district"], ["Piscine Hélios", "Marcinelle"], ["Stade du Pays de Charleroi", "Charleroi"]]))
    c.page("/fr/donnees-ouvertes", "Données ouvertes", f"""
<p>Les données de la Ville de Charleroi sont diffusées sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{a}">Voiries communales</a></li><li><a href="{b}">Équipements sportifs</a></li></ul>""")
    c.expect(a, "CSV", "open", verifiable=False, note="robots.txt disallows /fichiers/")
    c.expect(b, "CSV", "open", verifiable=False, note="robots.txt disallows /fichiers/")
    return c


@case
def chatelet():
    c = Case("chatelet", "52012", "drupal", decl(),
             "Drupal; one of three files answers 404 (really broken)")
    home(c, "/donnees-ouvertes")
    a, b, z = "/sites/default/files/2025-02/marches.csv", "/sites/default/files/2025-02/ecoles.csv", "/sites/default/files/2023-01/budget-2023.csv"
    c.file(a, csv_bytes(MARCHES))
    c.file(b, csv_bytes(ECOLES))
    c.notfound_page()
    c.page("/donnees-ouvertes", "Données ouvertes", f"""
<p>Données publiées sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><span class="file file--mime-text-csv"><a href="{a}">Marchés</a></span></li><li><span class="file file--mime-text-csv"><a href="{b}">Écoles</a></span></li><li><span class="file file--mime-text-csv"><a href="{z}">Budget 2023</a></span></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    c.expect(z, None, "open", broken=True, note="404")
    c.finding("BROKEN_DISTRIBUTION", why="budget-2023.csv answers 404")
    return c


@case
def courcelles():
    c = Case("courcelles", "52015", "plone6", decl(),
             "iMio; a file link answers 200 with the site's 'page introuvable' template (soft 404)")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "ecoles.csv", csv_bytes(ECOLES), "Écoles")
    z = f"{folder}/budget-2023.csv"
    c.notfound_page()
    c.routed(z, file="site/404.html", headers={"Content-Type": "text/html; charset=utf-8"})
    c.page(folder, "Données ouvertes", f"""
<p>Les données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Écoles de l'entité</a></li><li><a href="{{{{ORIGIN}}}}{z}">Budget 2023</a></li></ul>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(z, None, "open", broken=True, note="soft 404: broken, not mislabelled")
    c.finding("BROKEN_DISTRIBUTION", why="budget-2023.csv is the 'page introuvable' page with status 200")
    return c


@case
def fleurus():
    c = Case("fleurus", "52021", "custom", decl(channels="site_web|odwb", communication="site_web|plateforme_open_data"),
             "home-made site; a link to its ODWB dataset page (context only, portals not in the run) and its own CSV")
    home(c, "/opendata.php")
    a = "/documents/opendata/marches.csv"
    c.file(a, csv_bytes(MARCHES))
    c.page("/opendata.php", "Open data", f"""<p>La Ville de Fleurus publie ses données sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{a}">Marchés hebdomadaires (CSV)</a></li>
<li>Retrouvez aussi nos données sur le portail régional : <a href="https://www.odwb.be/explore/dataset/fleurus-implantations-scolaires/">Implantations scolaires de Fleurus sur ODWB</a></li></ul>""")
    c.expect(a, "CSV", "open")
    return c


@case
def gembloux():
    c = Case("gembloux", "92142", "wordpress", decl(channels="portail_propre", communication="plateforme_open_data"),
             "WordPress; its data are on its own OpenDataSoft portal, only linked (portal not in the run: nothing to accuse)")
    home(c, "/open-data/", "Open Data")
    c.page("/open-data/", "Open Data", """<p>La Ville de Gembloux publie ses données sur son portail Open Data :
<a href="https://gembloux.opendatasoft.com/pages/accueil/">gembloux.opendatasoft.com</a>.</p>
<p>Vous y trouverez notamment <a href="https://gembloux.opendatasoft.com/explore/dataset/population-par-section/">la population par section</a>.</p>""")
    return c


@case
def andenne():
    c = Case("andenne", "92003", "plone6", decl(channels="site_web|odwb", communication="site_web|plateforme_open_data"),
             "iMio; a long mega-menu of council-minute PDFs on every page (documents, not data); data page with 2 CSV and an ODWB link")
    pv = [(f"PV du conseil {m}/{y}", f"/ma-ville/vie-politique/conseil-communal/proces-verbaux/{y}/pv-{y}-{m}.pdf")
          for y in (2026, 2025, 2024, 2023) for m in ("01", "02", "03", "04", "05", "06", "09", "10")]
    for _, p in pv:
        c.file(p, pdf_bytes("Proces-verbal du conseil communal d'Andenne"))
    mega = '<div class="mega-menu"><h3>Procès-verbaux du conseil</h3><ul>' + "".join(
        f'<li><a href="{{{{ORIGIN}}}}{p}">{t}</a></li>' for t, p in pv) + "</ul></div>"
    folder = "/ma-ville/donnees-ouvertes"
    c.menu.insert(1, ("Données ouvertes", folder))
    c.page("/", "Accueil", '<section class="news"><h2>Actualités</h2><p>Andenne, cité de l\'Ours.</p></section>', menu_extra=mega)
    a = c.plone_file(folder, "boites-a-livres.csv", csv_bytes([["lieu", "adresse"], ["Place du Perron", "Andenne"], ["Parc Hénault", "Andenne"]]), "Boîtes à livres")
    b = c.plone_file(folder, "defibrillateurs.csv", csv_bytes(ADRESSES_DEFIB), "Défibrillateurs")
    c.page(folder, "Données ouvertes", f"""
<p>Les jeux de données de la Ville sont publiés sous <a href="{CC_BY}">licence CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}/view">Boîtes à livres</a> (aussi sur <a href="https://www.odwb.be/explore/dataset/emplacements-des-boites-a-livres-dandenne/">ODWB</a>)</li>
<li><a href="{{{{ORIGIN}}}}{b}/view">Défibrillateurs</a></li></ul>""", menu_extra=mega)
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    return c


@case
def huy():
    c = Case("huy", "61031", "plone4", decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="2021"),
             "old Plone; 'Transparence administrative' page: council minutes PDFs (documents) and a budget XLSX (data) without licence")
    home(c, "/ma-ville/transparence-administrative", "Transparence")
    folder = "/ma-ville/transparence-administrative"
    items = []
    for y in (2025, 2024):
        for m in ("02", "06", "10"):
            n = f"pv-conseil-{y}-{m}.pdf"
            u = c.plone_file(folder + "/proces-verbaux", n, pdf_bytes(f"PV conseil communal Huy {m}/{y}"), f"PV {m}/{y}")
            items.append(f'<li><a href="{{{{ORIGIN}}}}{u}/view">Procès-verbal du conseil communal — {m}/{y}</a></li>')
    x = c.plone_file(folder, "budget-2025.xlsx", xlsx_bytes(BUDGET), "Budget 2025")
    comptes = c.plone_file(folder, "comptes-2024.pdf", pdf_bytes("Comptes annuels 2024 de la Ville de Huy"), "Comptes 2024")
    c.page(folder, "Transparence administrative", f"""
<h2>Conseil communal</h2><ul>{''.join(items)}</ul>
<h2>Finances</h2><ul><li><a href="{{{{ORIGIN}}}}{comptes}/view">Comptes annuels 2024 (PDF)</a></li>
<li><a href="{{{{ORIGIN}}}}{x}/view">Budget 2025 (tableur)</a></li></ul>""", crumbs=[("Ma ville", "/ma-ville"), ("Transparence administrative", folder)])
    c.expect(x, "XLSX", ["unknown", "not_open"], note="only the site footer says 'Tous droits réservés'")
    c.finding("UNDECLARED_OPEN_DATA_FOUND", why="declared non; a budget spreadsheet is published")
    c.finding("NO_OPEN_LICENCE", why="no open licence for the XLSX")
    return c


@case
def seraing():
    c = Case("seraing", "62096", "wordpress", decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="fin_mandature"),
             "WordPress; a news post links a CSV of results (structured data outside any data page), no licence")
    home(c, "/actualites/")
    a = "/wp-content/uploads/2026/10/budget-participatif-resultats.csv"
    c.file(a, csv_bytes([["projet", "quartier", "votes"], ["Potager collectif", "Ougrée", "412"], ["Boîte à livres", "Jemeppe", "233"]]))
    c.page("/actualites/", "Actualités", """<article><h2><a href="{{ORIGIN}}/2026/10/20/budget-participatif-les-resultats/">Budget participatif : les résultats</a></h2></article>""")
    c.page("/2026/10/20/budget-participatif-les-resultats/", "Budget participatif : les résultats",
           f'<p>Merci aux 1 250 participants ! Les projets retenus sont connus.</p><p>Le détail des votes : <a href="{{{{ORIGIN}}}}{a}">budget-participatif-resultats.csv</a></p>')
    c.expect(a, "CSV", "unknown")
    c.finding("UNDECLARED_OPEN_DATA_FOUND", why="declared non; a CSV is published")
    c.finding("NO_OPEN_LICENCE", why="no licence")
    return c


@case
def spa():
    c = Case("spa", "63072", "plone6", decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="non"),
             "iMio; nothing but council minutes and forms as PDF: no data, no finding", host="www.villedespa.be")
    c.menu.append(("Procès-verbaux", "/ma-commune/vie-politique/conseil-communal/proces-verbaux"))
    home(c, "/ma-commune/vie-politique/conseil-communal/proces-verbaux", "Conseil communal")
    c.page("/ma-commune/vie-politique/conseil-communal/proces-verbaux", "Procès-verbaux",
           pv_links(c, "/ma-commune/vie-politique/conseil-communal/proces-verbaux"))
    f = "/ma-commune/services-communaux/population-etat-civil/formulaire-changement-adresse.pdf"
    c.file(f, pdf_bytes("Formulaire de changement d'adresse"))
    c.page("/ma-commune/services-communaux/population-etat-civil", "Population – État civil",
           f'<p>Formulaires :</p><ul><li><a href="{{{{ORIGIN}}}}{f}">Déclaration de changement d\'adresse (PDF)</a></li></ul>')
    return c


@case
def stavelot():
    c = Case("stavelot", "63073", "plone4", decl(),
             "old Plone; declared open data, the 'Données ouvertes' page says 'bientôt disponible', only PV PDFs elsewhere")
    home(c, "/ma-commune/donnees-ouvertes")
    c.menu.append(("Procès-verbaux", "/ma-commune/vie-politique/proces-verbaux"))
    c.page("/ma-commune/vie-politique/proces-verbaux", "Procès-verbaux", pv_links(c, "/ma-commune/vie-politique/proces-verbaux"))
    c.page("/ma-commune/donnees-ouvertes", "Données ouvertes",
           "<p>Cette rubrique est en construction. Les premiers jeux de données seront bientôt disponibles.</p>")
    c.finding("DECLARED_OPEN_NOTHING_FOUND", why="the site was read; no data file anywhere")
    return c

if __name__ == "__main__":
    import sys
    for fn in CASES:
        fn().write()
    print(f"{len(CASES)} cases written to tests/realism/cases", file=sys.stderr)
