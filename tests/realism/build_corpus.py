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


@case
def malmedy():
    c = Case("malmedy", "63049", "wordpress", decl(formats="non_structure|structure_ouvert"),
             "WordPress; the open-data page offers a CSV and a PDF version of the budget: the PDF is published data too")
    home(c, "/donnees-ouvertes/")
    a, p = "/wp-content/uploads/2025/12/budget-2026.csv", "/wp-content/uploads/2025/12/budget-2026.pdf"
    c.file(a, csv_bytes(BUDGET))
    c.file(p, pdf_bytes("Budget 2026 de la Ville de Malmedy"))
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""
<p>Les données publiées ici le sont sous <a href="{CC_BY}">licence Creative Commons Attribution 4.0</a>.</p>
<h2>Budget 2026</h2><ul><li><a href="{{{{ORIGIN}}}}{a}">Budget 2026 (CSV)</a></li><li><a href="{{{{ORIGIN}}}}{p}">Budget 2026 (PDF)</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(p, "PDF", "open", note="a PDF on the open-data page is published data (1★)")
    return c


@case
def verviers():
    c = Case("verviers", "63079", "custom", decl(formats="structure_ouvert|uri"),
             "home-made site; KML, GeoJSON and CSV under the Etalab Licence Ouverte (link); declared URIs not found")
    home(c, "/opendata/")
    k, g, a = "/opendata/fichiers/aires-de-jeux.kml", "/opendata/fichiers/aires-de-jeux.geojson", "/opendata/fichiers/aires-de-jeux.csv"
    pts = [("Parc de l'Harmonie", 5.862, 50.591), ("Square Sommeleville", 5.871, 50.587)]
    c.file(k, kml_bytes("Aires de jeux", pts))
    c.file(g, geojson_points([{"nom": n} for n, _, _ in pts], [(x, y) for _, x, y in pts]))
    c.file(a, csv_bytes([["nom", "longitude", "latitude"]] + [[n, str(x), str(y)] for n, x, y in pts]))
    c.page("/opendata/", "Open data – Ville de Verviers", f"""<p>Données réutilisables sous <a href="{ETALAB}">Licence Ouverte / Open Licence</a>.</p>
<table class="opendata"><tr><th>Aires de jeux</th><td><a href="{k}">KML</a></td><td><a href="{g}">GeoJSON</a></td><td><a href="{a}">CSV</a></td></tr></table>""")
    c.expect(k, "KML", "open")
    c.expect(g, "GEOJSON", "open")
    c.expect(a, "CSV", "open")
    c.finding("FORMAT_CLASS_NOT_FOUND", "uri", "declared data with URIs (4★); nothing RDF published")
    return c


@case
def eupen():
    c = Case("eupen", "63023", "typo3", decl(),
             "TYPO3 site in German (Offene Daten, Lizenz); files under /fileadmin/")
    a, b = "/fileadmin/user_upload/opendata/spielplaetze.csv", "/fileadmin/user_upload/opendata/bevoelkerung-2025.csv"
    c.file(a, csv_bytes([["name", "strasse"], ["Spielplatz Klinkeshöfchen", "Klinkeshöfchen"], ["Spielplatz Kettenis", "Aachener Straße"]]))
    c.file(b, csv_bytes([["jahr", "einwohner"], ["2024", "19901"], ["2025", "20012"]]))
    page = lambda title, body: f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><!--
	This website is powered by TYPO3 - inspiring people to share!
	TYPO3 is a free open source Content Management Framework initially created by Kasper Skaarhoj and licensed under GNU/GPL.
-->
<title>{title} | Stadt Eupen</title><meta name="generator" content="TYPO3 CMS">
<link rel="stylesheet" href="/typo3temp/assets/compressed/merged-5f1c.css" media="all"></head>
<body><div id="cookie-hinweis">Diese Website verwendet Cookies. <a href="/datenschutz">Datenschutz</a> <button>OK</button></div>
<header><a href="/"><img src="/fileadmin/templates/img/logo-eupen.svg" alt="Stadt Eupen"></a>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/rathaus">Rathaus</a></li><li><a href="/offene-daten">Offene Daten</a></li><li><a href="/kontakt">Kontakt</a></li></ul></nav></header>
<main><div class="frame frame-default frame-type-text"><h1>{title}</h1>{body}</div></main>
<footer><p>Stadt Eupen · Am Stadthaus 1 · 4700 Eupen</p><p><a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a></p></footer></body></html>"""
    c.raw("/", page("Startseite", '<p>Willkommen in Eupen.</p><p><a href="/offene-daten">Offene Daten der Stadt</a></p>'))
    c.raw("/rathaus", page("Rathaus", "<p>Öffnungszeiten und Dienste.</p>"))
    c.raw("/offene-daten", page("Offene Daten", f"""<p>Die Stadt Eupen stellt folgende Datensätze zur Verfügung. Lizenz: <a href="{CC_BY}">CC BY 4.0</a></p>
<ul class="csc-uploads"><li><a href="{a}" title="spielplaetze.csv">Spielplätze (CSV, 1 KB)</a></li><li><a href="{b}">Bevölkerung 2025 (CSV)</a></li></ul>"""))
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    return c


@case
def arlon():
    c = Case("arlon", "81001", "plone6", decl(formats="structure_ouvert|lie", communication="site_web|presse"),
             "iMio; a Turtle file linking to Wikidata (5★ linked data) beside a CSV; licence by rel=license")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    ttl = """@prefix schema: <http://schema.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://www.arlon.be/id/ecole/athenee> a schema:School ;
    rdfs:label "Athénée royal d'Arlon"@fr ;
    schema:address "Rue de Sesselich 83, 6700 Arlon" ;
    schema:containedInPlace <http://www.wikidata.org/entity/Q83297> .

<https://www.arlon.be/id/ecole/saint-martin> a schema:School ;
    rdfs:label "École Saint-Martin"@fr ;
    schema:containedInPlace <http://www.wikidata.org/entity/Q83297> ;
    owl:sameAs <http://www.wikidata.org/entity/Q3577370> .
""".encode()
    t = c.plone_file(folder, "ecoles.ttl", ttl, "Écoles (RDF)", ctype="text/turtle")
    c.routed(t, ttl, name="ecoles-direct.ttl", headers={"Content-Type": "text/turtle; charset=utf-8"})
    a = c.plone_file(folder, "ecoles.csv", csv_bytes(ECOLES), "Écoles")
    c.page(folder, "Données ouvertes", f"""
<ul><li><a href="{{{{ORIGIN}}}}{a}/view">Écoles (CSV)</a></li><li><a href="{{{{ORIGIN}}}}{t}/view">Écoles (RDF Turtle, liées à Wikidata)</a></li></ul>
<p><a rel="license" href="{CC_BY}"><img alt="Licence Creative Commons" src="https://i.creativecommons.org/l/by/4.0/80x15.png" /></a> Ces données sont mises à disposition selon les termes de la <a rel="license" href="{CC_BY}">Licence Creative Commons Attribution 4.0 International</a>.</p>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(t, "RDF_TURTLE", "open", note="objects on www.wikidata.org: 5★")
    return c


@case
def bastogne():
    c = Case("bastogne", "82003", "custom", decl(),
             "home-made site; a ZIP holding a CSV, and an ODS; ODbL by a link to opendatacommons.org")
    home(c, "/vivre/donnees-ouvertes.html")
    z, o = "/medias/opendata/hebergements-touristiques.zip", "/medias/opendata/associations.ods"
    c.file(z, zip_bytes({"hebergements.csv": csv_bytes([["nom", "type", "capacite"], ["Hôtel Melba", "hôtel", "68"], ["Camping de Renval", "camping", "300"]]),
                         "LISEZMOI.txt": "Source : Ville de Bastogne. Licence ODbL.".encode()}))
    c.file(o, ods_bytes([["association", "domaine"], ["Bastogne Basket", "sport"], ["Les Amis du Mardasson", "mémoire"]]))
    c.page("/vivre/donnees-ouvertes.html", "Données ouvertes", f"""<p>Licence : <a href="{ODBL}">Open Database License (ODbL)</a></p>
<ul><li><a href="{z}">Hébergements touristiques (archive ZIP contenant un CSV)</a></li><li><a href="{o}">Associations (tableur ODS)</a></li></ul>""")
    c.expect(z, "CSV", "open", container="ZIP")
    c.expect(o, "ODS", "open")
    return c


@case
def marche_en_famenne():
    c = Case("marche-en-famenne", "83034", "wordpress", decl(),
             "WordPress; one file never answers in time (timeout): non vérifiable, not broken", host="www.marche.be")
    home(c, "/donnees-ouvertes/")
    a, s = "/wp-content/uploads/2025/09/evenements-2025.csv", "/wp-content/uploads/2025/09/compteurs-velos.csv"
    c.file(a, csv_bytes([["evenement", "date"], ["Marché de Noël", "2025-12-12"], ["Carnaval", "2026-02-15"]]))
    c.file(s, csv_bytes([["compteur", "jour", "passages"], ["Rue du Commerce", "2025-09-01", "812"]]))
    c.routed(s, csv_bytes([["compteur", "jour", "passages"], ["Rue du Commerce", "2025-09-01", "812"]]), name="compteurs-velos.csv", delay_ms=9000)
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Événements 2025</a></li><li><a href="{{{{ORIGIN}}}}{s}">Compteurs vélos</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(s, "CSV", "open", verifiable=False, note="answers after 9 s, the run's timeout is 5 s")
    return c


@case
def la_roche():
    c = Case("la-roche-en-ardenne", "83031", "custom", decl(),
             "home-made PHP site with its own robots.txt (Crawl-delay: 2); CC BY-SA", host="www.la-roche-en-ardenne.be")
    c.file("robots.txt", b"User-agent: *\nCrawl-delay: 2\nDisallow: /admin/\n")
    c.menu = [("Accueil", "/"), ("Vie communale", "/pages/vie_communale/index.php"), ("Données ouvertes", "/pages/vie_communale/donnees.php")]
    c.page("/", "Accueil", '<p>Bienvenue à La Roche-en-Ardenne.</p><p><a href="/pages/vie_communale/donnees.php">Données ouvertes</a></p>')
    c.page("/pages/vie_communale/index.php", "Vie communale", "<p>Collège et conseil.</p>")
    a, b = "/pages/vie_communale/docs/hebergements.csv", "/pages/vie_communale/docs/promenades.csv"
    c.file(a, csv_bytes([["nom", "type"], ["Hôtel des Ardennes", "hôtel"], ["Gîte du Val", "gîte"]]))
    c.file(b, csv_bytes([["promenade", "km"], ["Les Crestelles", "6.5"], ["Le Hérou", "11"]]))
    c.page("/pages/vie_communale/donnees.php", "Données ouvertes", f"""<p>Ces fichiers sont publiés sous licence <a href="{CC_BY_SA}">CC BY-SA 4.0</a>.</p>
<ul><li><a href="{a}">Hébergements</a></li><li><a href="{b}">Promenades balisées</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    return c


@case
def ciney():
    c = Case("ciney", "91030", "plone6", decl(formats="structure_ouvert|structure_proprietaire"),
             "iMio; robots.txt redirects to the shared static.imio.be file (Crawl-delay 1 here); licence per list item")
    c.routed("/robots.txt", status=301, body="", headers={"Location": "http://static.imio.be:{{PORT}}/robots.txt"})
    c.fields["robots_txt"] = "static-imio/site/robots.txt"
    home(c, "/vie-communale/donnees-ouvertes")
    folder = "/vie-communale/donnees-ouvertes"
    a = c.plone_file(folder, "marches.csv", csv_bytes(MARCHES), "Marchés")
    x = c.plone_file(folder, "population.xlsx", xlsx_bytes(POPULATION), "Population")
    c.page(folder, "Données ouvertes", f"""<ul>
<li><a href="{{{{ORIGIN}}}}{a}/@@download/file/marches.csv">Marchés</a> — Licence : CC BY 4.0</li>
<li><a href="{{{{ORIGIN}}}}{x}/@@download/file/population.xlsx">Population</a> — Licence : CC BY 4.0</li></ul>""",
           crumbs=[("Vie communale", "/vie-communale"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(x, "XLSX", "open")
    return c


@case
def rochefort():
    c = Case("rochefort", "91114", "plone6", decl(),
             "iMio; a file named .csv that is really an Excel workbook (mislabelled), beside a real CSV")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "grottes-visites.csv", csv_bytes([["annee", "visiteurs"], ["2024", "98000"], ["2025", "101500"]]), "Visites")
    m = f"{folder}/budget-2025.csv"
    c.file(m, xlsx_bytes(BUDGET))
    c.page(folder, "Données ouvertes", f"""<p>Les données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Visites de la Grotte de Han et de Lorette</a></li><li><a href="{{{{ORIGIN}}}}{m}">Budget 2025</a></li></ul>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(m, "XLSX", "open", note="named .csv, bytes are XLSX")
    c.finding("FORMAT_MISLABELLED", why="budget-2025.csv is an Excel workbook")
    c.finding("FORMAT_CLASS_UNDECLARED", "structure_proprietaire", "the XLSX is 2★, not declared")
    return c


@case
def dinant():
    c = Case("dinant", "91034", "custom", decl(formats="structure_ouvert|structure_proprietaire"),
             "home-made site; an 'Excel' export that is an HTML table named .xls (mislabelled, 1★), and a CSV")
    home(c, "/opendata/")
    x, a = "/opendata/commerces.xls", "/opendata/commerces.csv"
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table border="1"><tr><th>commerce</th><th>rue</th><th>categorie</th></tr>
<tr><td>Maison Jacobs</td><td>Rue Grande</td><td>couques</td></tr>
<tr><td>Brasserie du Bayard</td><td>Rue Saint-Jacques</td><td>horeca</td></tr>
<tr><td>Librairie de la Collégiale</td><td>Place Reine Astrid</td><td>librairie</td></tr></table></body></html>"""
    c.file(x, html.encode())
    c.file(a, csv_bytes([["commerce", "rue", "categorie"], ["Maison Jacobs", "Rue Grande", "couques"], ["Brasserie du Bayard", "Rue Saint-Jacques", "horeca"]]))
    c.page("/opendata/", "Open Data", f"""<p>Données sous licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<p>Commerces de l'entité : <a href="{x}">Excel</a> | <a href="{a}">CSV</a></p>""")
    c.expect(x, "HTML", "open", note="an HTML table named .xls: 1★, mislabelled")
    c.expect(a, "CSV", "open")
    c.finding("FORMAT_MISLABELLED", why="commerces.xls is an HTML page")
    c.finding("FORMAT_CLASS_NOT_FOUND", "structure_proprietaire", "the only 'Excel' file is HTML")
    c.finding("FORMAT_CLASS_UNDECLARED", "non_structure", "an HTML table is 1★")
    return c


@case
def hotton():
    c = Case("hotton", "83028", "letsgocity", None,
             "LetsGoCity (Nuxt SSR) page /hotton/information/...; no survey answer for this commune: only facts, no comparison")
    a = "/hotton/uploads/horaires-recyparc.csv"
    c.file(a, csv_bytes([["jour", "ouverture", "fermeture"], ["lundi", "12:00", "18:00"], ["samedi", "09:00", "17:00"]]))
    nuxt = lambda title, body: f"""<!doctype html>
<html lang="fr" data-n-head-ssr><head><title>{title} - Hotton</title><meta data-n-head="ssr" charset="utf-8">
<meta data-n-head="ssr" name="viewport" content="width=device-width, initial-scale=1">
<link rel="preload" href="/_nuxt/app.3f2a1c.js" as="script"><link rel="stylesheet" href="/_nuxt/css/app.8e1d.css"></head>
<body><div data-server-rendered="true" id="__nuxt"><div id="__layout"><div class="app">
<header class="lgc-header"><a href="/hotton" class="nuxt-link-active"><img src="/_nuxt/img/logo-hotton.png" alt="Hotton"></a>
<nav><a href="/hotton/information/administration">Administration</a> <a href="/hotton/information/donnees-ouvertes">Données ouvertes</a> <a href="/hotton/agenda">Agenda</a></nav></header>
<main class="lgc-page"><h1>{title}</h1>{body}</main>
<footer><p>Commune de Hotton — Propulsé par LetsGoCity</p></footer></div></div></div>
<script>window.__NUXT__=(function(a,b){{return {{layout:"default",data:[{{}}],fetch:{{}},error:null,serverRendered:true}}}}(null,false));</script>
<script src="/_nuxt/app.3f2a1c.js" defer></script></body></html>"""
    c.raw("/", nuxt("Accueil", '<p>Bienvenue à Hotton.</p><a href="/hotton/information/donnees-ouvertes">Données ouvertes</a>'))
    c.raw("/hotton", nuxt("Accueil", '<p>Bienvenue à Hotton.</p>'))
    c.raw("/hotton/information/donnees-ouvertes", nuxt("Données ouvertes", f'<div class="lgc-content"><p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p><p><a href="{a}" target="_blank">Horaires du recyparc (CSV)</a></p></div>'))
    c.expect(a, "CSV", "open")
    return c


@case
def florennes():
    c = Case("florennes", "93022", "plone6", decl(channels="odwb", communication="plateforme_open_data"),
             "iMio; declared ODWB only, but publishes CSV on its own site under CC BY: site web undeclared")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "salles.csv", csv_bytes([["salle", "capacite"], ["Salle Saint-Gengoux", "150"]]), "Salles")
    c.page(folder, "Données ouvertes", f"""<p>Les données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}/view">Salles communales</a></li></ul>""", crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.finding("CHANNEL_UNDECLARED", "site_web", "files on the site, only ODWB declared")
    return c


@case
def gesves():
    c = Case("gesves", "92054", "wordpress", decl(update="manuel_regulier"),
             "WordPress (HTTP only); a monthly dataset last updated 03/02/2025: late, contradicts 'regularly updated'")
    home(c, "/donnees-ouvertes/")
    a = "/wp-content/uploads/2025/02/qualite-eau.csv"
    c.file(a, csv_bytes([["date", "point", "nitrates_mg_l"], ["2025-01-15", "Réservoir de Mozet", "18"], ["2025-02-01", "Réservoir de Faulx", "21"]]))
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p>
<h2>Qualité de l'eau de distribution</h2>
<p>Fréquence de mise à jour : mensuelle — Dernière mise à jour : 03/02/2025</p>
<p><a href="{{{{ORIGIN}}}}{a}">qualite-eau.csv</a></p>""")
    c.expect(a, "CSV", "open", modified="2025-02-03")
    c.finding("UPDATE_CLAIM_CONTRADICTED", why="monthly data last updated 03/02/2025, 22 months before the audit date")
    return c


@case
def sambreville():
    c = Case("sambreville", "92137", "drupal", decl(),
             "Drupal; each dataset node has a 'Licence' field whose item links CC BY-SA 4.0")
    home(c, "/donnees-ouvertes")
    a, b = "/sites/default/files/donnees/associations.csv", "/sites/default/files/donnees/clubs-sportifs.csv"
    c.file(a, csv_bytes([["association", "section"], ["Cercle Saint-Martin", "Tamines"], ["Jeunesse d'Auvelais", "Auvelais"]]))
    c.file(b, csv_bytes([["club", "sport"], ["RFC Tamines", "football"], ["BC Auvelais", "basket"]]))
    node = lambda t, u: f"""<article class="node node--type-jeu-de-donnees"><h2>{t}</h2>
<div class="field field--name-field-licence field--type-link field--label-above"><div class="field__label">Licence</div><div class="field__item"><a href="{CC_BY_SA}">CC BY-SA 4.0</a></div></div>
<div class="field field--name-field-fichier field--type-file field--label-above"><div class="field__label">Fichier</div><div class="field__item"><span class="file file--mime-text-csv file--text"><a href="{u}" type="text/csv">{u.rsplit('/', 1)[1]}</a></span></div></div></article>"""
    c.page("/donnees-ouvertes", "Données ouvertes", node("Associations", a) + node("Clubs sportifs", b))
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    return c


@case
def quaregnon():
    c = Case("quaregnon", "53065", "custom", decl(),
             "the homepage answers 503 (site down, no Retry-After): unreachable, but nothing concluded about its data")
    c.routed("/", status=503, body="<html><body><h1>Service Unavailable</h1></body></html>", headers={"Content-Type": "text/html"})
    c.finding("WEBSITE_UNREACHABLE", why="homepage 503")
    return c


@case
def libramont():
    c = Case("libramont-chevigny", "84077", "plone6", decl(),
             "iMio; CC BY-NC 4.0 (non-commercial): not an open licence")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "foire-agricole-exposants.csv", csv_bytes([["exposant", "secteur"], ["Ferme du Bois", "élevage"], ["Agri-Tech", "machines"]]), "Exposants")
    c.page(folder, "Données ouvertes", f"""<p>Ces données sont publiées sous licence <a href="{CC_BY_NC}">CC BY-NC 4.0</a> (pas d'utilisation commerciale).</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Exposants de la Foire agricole</a></li></ul>""", crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "not_open")
    c.finding("NO_OPEN_LICENCE", why="NC is not open")
    return c


@case
def waremme():
    c = Case("waremme", "64074", "wordpress", decl(),
             "WordPress; one list item says 'Licence : CC0', its neighbour says nothing and the page has no general licence")
    home(c, "/donnees-ouvertes/")
    a, b = "/wp-content/uploads/2026/02/arbres.csv", "/wp-content/uploads/2026/02/primes-energie.csv"
    c.file(a, csv_bytes([["espece", "rue"], ["Tilleul", "Rue de Huy"], ["Platane", "Avenue Reine Astrid"]]))
    c.file(b, csv_bytes([["prime", "montant"], ["Audit énergétique", "200"], ["Isolation toiture", "500"]]))
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<ul class="wp-block-list">
<li><a href="{{{{ORIGIN}}}}{a}">Arbres d'alignement</a> — Licence : CC0</li>
<li><a href="{{{{ORIGIN}}}}{b}">Primes énergie communales</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "unknown")
    c.finding("NO_OPEN_LICENCE", why="the primes file has no licence")
    return c


@case
def herstal():
    c = Case("herstal", "62051", "plone6", decl(update="automatique"),
             "iMio; 'Toutes les données de cette page…' statement, then a table with update dates and frequencies (none late)")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "population.csv", csv_bytes(POPULATION), "Population")
    b = c.plone_file(folder, "chantiers.csv", csv_bytes([["rue", "debut"], ["Rue Large Voie", "2026-10-20"]]), "Chantiers")
    c.page(folder, "Données ouvertes", f"""<p>Toutes les données de cette page sont publiées sous licence CC BY 4.0.</p>
<table class="listing"><thead><tr><th>Jeu de données</th><th>Fréquence</th><th>Mise à jour</th><th></th></tr></thead><tbody>
<tr><td>Population par section</td><td>Annuelle</td><td>15/01/2026</td><td><a href="{{{{ORIGIN}}}}{a}/@@download/file/population.csv">CSV</a></td></tr>
<tr><td>Chantiers en cours</td><td>Mensuelle</td><td>02/11/2026</td><td><a href="{{{{ORIGIN}}}}{b}/@@download/file/chantiers.csv">CSV</a></td></tr>
</tbody></table>""", crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open", modified="2026-01-15")
    c.expect(b, "CSV", "open", modified="2026-11-02")
    return c


@case
def mouscron():
    c = Case("mouscron", "57096", "wordpress", decl(),
             "WordPress; an iCalendar of waste collections (ICS, 3★) and a CSV; licence in a footer line of the section")
    home(c, "/vivre/donnees-ouvertes/")
    i, a = "/wp-content/uploads/2026/11/collectes-2027.ics", "/wp-content/uploads/2026/11/collectes-2027.csv"
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ville de Mouscron//Collectes//FR\r\nBEGIN:VEVENT\r\nUID:pmc-20270105@mouscron.be\r\nDTSTAMP:20261115T080000Z\r\nDTSTART;VALUE=DATE:20270105\r\nSUMMARY:Collecte PMC\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:papier-20270112@mouscron.be\r\nDTSTAMP:20261115T080000Z\r\nDTSTART;VALUE=DATE:20270112\r\nSUMMARY:Collecte papiers-cartons\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    c.file(i, ics.encode())
    c.routed(i, ics, name="collectes-2027.ics", headers={"Content-Type": "text/calendar; charset=utf-8"})
    c.file(a, csv_bytes([["date", "collecte"], ["2027-01-05", "PMC"], ["2027-01-12", "papiers-cartons"]]))
    c.page("/vivre/donnees-ouvertes/", "Données ouvertes", f"""<h2>Calendrier des collectes 2027</h2>
<p><a href="{{{{ORIGIN}}}}{i}">Ajouter à mon agenda (ICS)</a> · <a href="{{{{ORIGIN}}}}{a}">Télécharger (CSV)</a></p>
<p><em>Les fichiers ci-dessus sont publiés sous licence ouverte CC BY 4.0.</em></p>""")
    c.expect(i, "ICS", "open")
    c.expect(a, "CSV", "open")
    return c


@case
def tournai():
    c = Case("tournai", "57081", "drupal", decl(),
             "Drupal; 'Licence : ODbL' as text; dates only in the files' Last-Modified headers")
    home(c, "/donnees-ouvertes")
    a, b = "/sites/default/files/opendata/musees.csv", "/sites/default/files/opendata/parkings.csv"
    c.file(a, csv_bytes([["musee", "adresse"], ["Musée des Beaux-Arts", "Enclos Saint-Martin"], ["TAMAT", "Place Reine Astrid 9"]]))
    c.file(b, csv_bytes([["parking", "places"], ["Parking de l'Arsenal", "350"]]))
    c.routed(a, csv_bytes([["musee", "adresse"], ["Musée des Beaux-Arts", "Enclos Saint-Martin"], ["TAMAT", "Place Reine Astrid 9"]]),
             name="musees.csv", headers={"Last-Modified": "Tue, 14 Apr 2026 09:12:00 GMT"})
    c.routed(b, csv_bytes([["parking", "places"], ["Parking de l'Arsenal", "350"]]),
             name="parkings.csv", headers={"Last-Modified": "Mon, 05 Oct 2026 16:40:00 GMT"})
    c.page("/donnees-ouvertes", "Données ouvertes", f"""<p>Licence : ODbL (Open Database License).</p>
<ul><li><span class="file file--mime-text-csv"><a href="{a}">Musées de Tournai</a></span></li><li><span class="file file--mime-text-csv"><a href="{b}">Parkings</a></span></li></ul>""")
    c.expect(a, "CSV", "open", modified="2026-04-14")
    c.expect(b, "CSV", "open", modified="2026-10-05")
    return c


@case
def mettet():
    c = Case("mettet", "92087", "plone6", decl(),
             "iMio; an XML export (public procurement) and a CSV; Licence Ouverte linked to the Etalab page")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<marches xmlns="https://www.mettet.be/ns/marches">
  <marche id="2026-014"><objet>Réfection de la rue du Circuit</objet><montant devise="EUR">412000</montant><attribution>2026-06-12</attribution></marche>
  <marche id="2026-021"><objet>Fourniture de sel de déneigement</objet><montant devise="EUR">38500</montant><attribution>2026-09-30</attribution></marche>
</marches>
""".encode()
    x = c.plone_file(folder, "marches-publics-2026.xml", xml, "Marchés publics")
    a = c.plone_file(folder, "cimetieres.csv", csv_bytes([["cimetiere"], ["Mettet"], ["Biesme"], ["Ermeton-sur-Biert"]]), "Cimetières")
    c.page(folder, "Données ouvertes", f"""<p>Réutilisation libre sous <a href="{ETALAB}">Licence Ouverte</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{x}/view">Marchés publics attribués en 2026 (XML)</a></li><li><a href="{{{{ORIGIN}}}}{a}/view">Cimetières (CSV)</a></li></ul>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(x, "XML", "open")
    c.expect(a, "CSV", "open", note="one-column list")
    return c


@case
def hannut():
    c = Case("hannut", "64034", "wordpress", decl(formats="structure_ouvert|structure_proprietaire"),
             "WordPress + Elementor; a zipped shapefile (SHP in ZIP, 2★) and a CSV; licence as a CC BY badge title")
    home(c, "/donnees-ouvertes/")
    z, a = "/wp-content/uploads/2024/10/zones-30.zip", "/wp-content/uploads/2024/10/zones-30.csv"
    c.file(z, zip_bytes(shapefile_points([(5.08, 50.67), (5.09, 50.68)])))
    c.file(a, csv_bytes([["zone", "longitude", "latitude"], ["Centre", "5.08", "50.67"], ["Écoles", "5.09", "50.68"]]))
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<div class="elementor-widget-container">
<h2 class="elementor-heading-title">Zones 30</h2>
<a class="elementor-button" href="{{{{ORIGIN}}}}{z}"><span class="elementor-button-text">Shapefile (ZIP)</span></a>
<a class="elementor-button" href="{{{{ORIGIN}}}}{a}"><span class="elementor-button-text">CSV</span></a>
<p><a href="{CC_BY}"><img src="https://licensebuttons.net/l/by/4.0/88x31.png" title="Creative Commons Attribution 4.0 International (CC BY 4.0)" alt="CC BY"></a></p></div>""")
    c.expect(z, "SHP", "open", container="ZIP")
    c.expect(a, "CSV", "open")
    return c


@case
def walcourt():
    c = Case("walcourt", "93088", "plone6", decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="2021"),
             "iMio; declared not opening data; publishes a CSV under CC BY: info only, no warning about the licence")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "ecoles.csv", csv_bytes(ECOLES), "Écoles")
    c.page(folder, "Données ouvertes", f"""<p>Les données sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p><ul><li><a href="{{{{ORIGIN}}}}{a}">Écoles</a></li></ul>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.finding("UNDECLARED_OPEN_DATA_FOUND", why="declared non; an open CSV is published")
    return c


@case
def ottignies():
    c = Case("ottignies-louvain-la-neuve", "25121", "custom", decl(),
             "home-made site; a 'Données ouvertes' page whose files sit on a static subdomain-free path with uppercase .CSV and spaces encoded",
             host="www.olln.be")
    home(c, "/donnees-ouvertes.html")
    a, b = "/Documents/Open%20Data/Parkings%20Louvain-la-Neuve.CSV", "/Documents/Open%20Data/Kots%20a%20projet.CSV"
    c.routed(a, csv_bytes([["parking", "places"], ["Grand-Place", "520"], ["Leclercq", "300"]]), name="parkings.CSV", headers={"Content-Type": "text/csv"})
    c.routed(b, csv_bytes([["kot", "projet"], ["Kot Vert", "environnement"], ["Kot Jazz", "musique"]]), name="kots.CSV", headers={"Content-Type": "text/csv"})
    c.page("/donnees-ouvertes.html", "Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p>
<ul><li><a href="{a}">Parkings de Louvain-la-Neuve</a></li><li><a href="{b}">Kots à projet</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "open")
    return c


@case
def saint_ghislain():
    c = Case("saint-ghislain", "53070", "plone6", decl(),
             "iMio; each file described by a <dl> (Licence linked to ODbL, last modification date)")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "plaines-de-jeux.csv", csv_bytes([["plaine", "age"], ["Baudour", "3-12"], ["Hornu", "6-15"]]), "Plaines de jeux")
    b = c.plone_file(folder, "bulles-a-verres.geojson", geojson_points([{"lieu": "Parc"}, {"lieu": "Gare"}], [(3.82, 50.45), (3.81, 50.46)]), "Bulles à verres")
    item = lambda t, u, n, d: f"""<div class="file-item"><h3><a href="{{{{ORIGIN}}}}{u}/@@download/file/{n}">{t}</a></h3>
<dl class="file-meta"><dt>Licence</dt><dd><a href="{ODBL}">ODbL 1.0</a></dd><dt>Dernière modification</dt><dd>{d}</dd></dl></div>"""
    c.page(folder, "Données ouvertes", item("Plaines de jeux", a, "plaines-de-jeux.csv", "04/09/2026")
           + item("Bulles à verres", b, "bulles-a-verres.geojson", "21/10/2026"), crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open", modified="2026-09-04")
    c.expect(b, "GEOJSON", "open", modified="2026-10-21")
    return c


@case
def soignies():
    c = Case("soignies", "55040", "wordpress", decl(),
             "WordPress behind a WAF: each file first answers 429 Retry-After: 2, then 200 (a guest waits and gets it)")
    home(c, "/donnees-ouvertes/")
    a, b = "/wp-content/uploads/2026/03/carrieres-visites.csv", "/wp-content/uploads/2026/03/ecoles.csv"
    c.file(a, csv_bytes([["annee", "visiteurs"], ["2025", "8400"]]))
    c.file(b, csv_bytes(ECOLES))
    for u in (a, b):
        c.routed(u, fail_times=1, fail_status=429, fail_headers={"Retry-After": "2"})
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Visites des carrières</a></li><li><a href="{{{{ORIGIN}}}}{b}">Écoles</a></li></ul>""")
    c.expect(a, "CSV", "open", note="429 Retry-After 2 once, then 200")
    c.expect(b, "CSV", "open", note="429 Retry-After 2 once, then 200")
    return c


@case
def binche():
    c = Case("binche", "58002", "custom", decl(),
             "home-made CMS; a missing file redirects (302) to the homepage: a soft 404, broken")
    home(c, "/fr/donnees-ouvertes.html")
    a, z = "/fr/fichiers/carnaval-parcours.csv", "/fr/fichiers/budget-2022.csv"
    c.file(a, csv_bytes([["rue", "ordre"], ["Grand-Place", "1"], ["Rue de Mons", "2"]]))
    c.routed(z, status=302, body="", headers={"Location": "{{ORIGIN}}/"})
    c.page("/fr/donnees-ouvertes.html", "Données ouvertes", f"""<p>Données sous <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{a}">Parcours du carnaval</a></li><li><a href="{z}">Budget 2022</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(z, None, "open", broken=True, note="302 to the homepage")
    c.finding("BROKEN_DISTRIBUTION", why="budget-2022.csv redirects to the homepage")
    return c


@case
def la_louviere():
    c = Case("la-louviere", "58001", "wordpress", decl(),
             "WordPress whose robots.txt disallows /wp-content/uploads/: files linked, not fetched, non vérifiable")
    c.file("robots.txt", b"User-agent: *\nDisallow: /wp-admin/\nDisallow: /wp-content/uploads/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: /wp-sitemap.xml\n")
    home(c, "/donnees-ouvertes/")
    a = "/wp-content/uploads/2025/05/ascenseurs-hydrauliques-visites.csv"
    c.file(a, csv_bytes([["annee", "visiteurs"], ["2024", "41000"]]))
    c.page("/donnees-ouvertes/", "Données ouvertes", f'<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p><p><a href="{{{{ORIGIN}}}}{a}">Visites des ascenseurs hydrauliques</a></p>')
    c.expect(a, "CSV", "open", verifiable=False, note="robots.txt disallows /wp-content/uploads/")
    return c


@case
def sprimont():
    c = Case("sprimont", "62100", "custom", decl(),
             "home-made site in windows-1252 declared only by <meta>; a ';' CSV in windows-1252 with accents; Licence Ouverte")
    c.menu = [("Accueil", "/"), ("Données ouvertes", "/donnees.htm")]
    c.current = "/"
    c.raw("/", custom_page(c, "Accueil", '<p>Bienvenue à Sprimont, terre de pierre bleue.</p><p><a href="/donnees.htm">Données ouvertes</a></p>', charset="windows-1252").encode("cp1252"))
    a = "/fichiers/carrières-et-sentiers.csv".replace("è", "e")
    c.file(a, csv_bytes([["sentier", "départ", "longueur_km"], ["Promenade des Carrières", "Église de Sprimont", "7,5"], ["Sentier du Château", "Place d'Ogné", "4,2"]], delimiter=";", encoding="cp1252"))
    c.routed(a, csv_bytes([["sentier", "départ", "longueur_km"], ["Promenade des Carrières", "Église de Sprimont", "7,5"], ["Sentier du Château", "Place d'Ogné", "4,2"]], delimiter=";", encoding="cp1252"),
             name="sentiers.csv", headers={"Content-Type": "text/csv"})
    c.current = "/donnees.htm"
    c.raw("/donnees.htm", custom_page(c, "Données ouvertes", f"""<p>Les données de la commune sont réutilisables sous la Licence Ouverte (Etalab 2.0).</p>
<p><a href="{a}">Sentiers et promenades (CSV, séparateur point-virgule)</a></p>""", charset="windows-1252").encode("cp1252"))
    c.expect(a, "CSV", "open")
    return c


@case
def vise():
    c = Case("vise", "62108", "enpoche", decl(),
             "enpoche.be Nuxt site; a JSON file produced by PHP with a 'Deprecated' notice appended, served as application/json")
    c.menu = [("Accueil", "/vise"), ("Données ouvertes", "/vise/information/donnees-ouvertes")]
    j = "/vise/api/opendata/marches.json"
    body = json.dumps([dict(zip(MARCHES[0], r)) for r in MARCHES[1:]], ensure_ascii=False)
    body += "\n<br />\n<b>Deprecated</b>:  Function utf8_encode() is deprecated in <b>/srv/www/api/opendata/export.php</b> on line <b>17</b><br />\n"
    c.routed(j, body, name="marches.json", headers={"Content-Type": "application/json"})
    a = "/vise/api/opendata/commerces.csv"
    c.file(a, csv_bytes([["commerce", "rue"], ["Boucherie Lejeune", "Rue de la Fontaine"]]))
    shell = lambda t, b: f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{t} | Visé</title><link rel="stylesheet" href="/_nuxt/entry.7c1d.css"></head>
<body><div id="__nuxt"><header><a href="/vise">Visé</a> <nav><a href="/vise/information/donnees-ouvertes">Données ouvertes</a> <a href="/vise/agenda">Agenda</a></nav></header>
<main><h1>{t}</h1>{b}</main><footer>Ville de Visé — enpoche.be</footer></div><script type="module" src="/_nuxt/entry.7c1d.js"></script></body></html>"""
    c.raw("/", shell("Accueil", '<p><a href="/vise/information/donnees-ouvertes">Nos données ouvertes</a></p>'))
    c.raw("/vise", shell("Accueil", '<p><a href="/vise/information/donnees-ouvertes">Nos données ouvertes</a></p>'))
    c.raw("/vise/information/donnees-ouvertes", shell("Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p>
<ul><li><a href="{j}">Marchés (JSON)</a></li><li><a href="{a}">Commerces (CSV)</a></li></ul>"""))
    c.expect(j, ["JSON", "UNKNOWN"], "open", note="JSON broken by a PHP notice: not TXT, not mislabelled")
    c.expect(a, "CSV", "open")
    return c


@case
def eghezee():
    c = Case("eghezee", "92035", "plone6", decl(),
             "iMio in maintenance for its files: 503 with Retry-After: 7200: non vérifiable, no accusation")
    home(c, "/votre-commune/donnees-ouvertes")
    folder = "/votre-commune/donnees-ouvertes"
    a = c.plone_file(folder, "plaines-de-vacances.csv", csv_bytes([["plaine", "dates"], ["Eghezée", "juillet"], ["Leuze", "août"]]), "Plaines")
    c.routed(f"{folder}/plaines-de-vacances.csv*", status=503, body="Maintenance en cours", headers={"Retry-After": "7200", "Content-Type": "text/plain"})
    c.page(folder, "Données ouvertes", f"""<p>Données sous <a href="{CC_BY}">CC BY 4.0</a>.</p><ul><li><a href="{{{{ORIGIN}}}}{a}">Plaines de vacances</a></li></ul>""",
           crumbs=[("Votre commune", "/votre-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open", verifiable=False, note="503 Retry-After 7200")
    return c


@case
def profondeville():
    c = Case("profondeville", "92101", "drupal", decl(formats="structure_ouvert|structure_proprietaire"),
             "Drupal; declared open and proprietary formats, only CSV found: proprietary class not found")
    home(c, "/donnees-ouvertes")
    a = "/sites/default/files/2026-01/kayaks-meuse.csv"
    c.file(a, csv_bytes([["loueur", "embarcadere"], ["Meuse Kayak", "Lustin"]]))
    c.page("/donnees-ouvertes", "Données ouvertes", f'<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p><p><span class="file file--mime-text-csv"><a href="{a}">Loueurs de kayaks</a></span></p>')
    c.expect(a, "CSV", "open")
    c.finding("FORMAT_CLASS_NOT_FOUND", "structure_proprietaire", "no XLS/XLSX/SHP published")
    return c


@case
def thuin():
    c = Case("thuin", "56078", "plone5", decl(update="automatique"),
             "iMio (Plone 5); daily data last updated 12/08/2026: late, contradicts 'automatic updates'")
    home(c, "/ma-ville/donnees-ouvertes")
    folder = "/ma-ville/donnees-ouvertes"
    a = c.plone_file(folder, "occupation-parkings.csv", csv_bytes([["parking", "libres", "horodatage"], ["Place du Chapitre", "12", "2026-08-12T10:00"]]), "Parkings")
    c.page(folder, "Données ouvertes", f"""<p>Licence : <a href="{CC_BY}">CC BY 4.0</a></p>
<dl><dt><a href="{{{{ORIGIN}}}}{a}/view">Occupation des parkings</a></dt><dd>Mise à jour quotidienne — dernière mise à jour le 12/08/2026</dd></dl>""",
           crumbs=[("Ma ville", "/ma-ville"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open", modified="2026-08-12")
    c.finding("UPDATE_CLAIM_CONTRADICTED", why="daily data, last updated 110 days before the audit date")
    return c


@case
def ans():
    c = Case("ans", "62003", "plone4", decl(),
             "old Plone with <base href> and relative file links (fichiers/x.csv, ./fichiers/y.csv)", host="www.ans-ville.be")
    home(c, "/ma-ville/administration/open-data", "Open data")
    c.menu = [t for t in c.menu if t[1] != "/ma-ville/administration/open-data"]
    c.current = "/"
    # rebuild the homepage without the data link in the menu or the quick links: only the footer has it
    c.page("/", "Accueil", '<section class="news"><h2>Actualités</h2><p>Fête de la Saint-Martin le 11 novembre.</p></section>'
           '<div class="footer-extra"><a href="{{ORIGIN}}/ma-ville/administration/open-data">Open data</a> · <a href="{{ORIGIN}}/gdpr-view">Vie privée</a></div>')
    folder = "/ma-ville/administration/open-data"
    a = f"{folder}/fichiers/terrils.csv"
    b = f"{folder}/fichiers/ecoles.csv"
    c.file(a, csv_bytes([["terril", "hauteur_m"], ["Terril de Bonne-Fin", "84"], ["Terril du Hasard", "72"]]))
    c.file(b, csv_bytes(ECOLES))
    c.page(folder, "Open data", f"""<p>Fichiers publiés par la Ville d'Ans.</p>
<ul><li><a href="fichiers/terrils.csv">Terrils de l'entité</a></li><li><a href="./fichiers/ecoles.csv">Écoles</a></li></ul>
<p><a rel="license" href="{CC_BY}">CC BY 4.0</a></p>""", crumbs=[("Ma ville", "/ma-ville"), ("Open data", folder)])
    c.expect(a, "CSV", "open", note="relative link resolved against <base href=.../open-data/>")
    c.expect(b, "CSV", "open")
    return c


@case
def oupeye():
    c = Case("oupeye", "62079", "plone6", decl(),
             "iMio; a page-wide CC BY statement, and one item overriding it with 'tous droits réservés' (third-party data)")
    home(c, "/ma-commune/donnees-ouvertes")
    folder = "/ma-commune/donnees-ouvertes"
    a = c.plone_file(folder, "associations.csv", csv_bytes([["association", "village"], ["Les Joyeux Hermalliens", "Hermalle"]]), "Associations")
    b = c.plone_file(folder, "parcelles-cadastrales.csv", csv_bytes([["parcelle", "division"], ["62079A0123/00B000", "1"]]), "Parcelles")
    c.page(folder, "Données ouvertes", f"""<p>Sauf mention contraire, les données de cette page sont publiées sous <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{{{{ORIGIN}}}}{a}">Associations</a></li>
<li><a href="{{{{ORIGIN}}}}{b}">Parcelles cadastrales communales</a> — Licence : © SPF Finances – Documentation patrimoniale, tous droits réservés</li></ul>""",
           crumbs=[("Ma commune", "/ma-commune"), ("Données ouvertes", folder)])
    c.expect(a, "CSV", "open")
    c.expect(b, "CSV", "not_open", note="the item's own statement wins over the page's")
    c.finding("NO_OPEN_LICENCE", why="the cadastral file is all rights reserved")
    return c


@case
def jemeppe():
    c = Case("jemeppe-sur-sambre", "92140", "wordpress", decl(formats="structure_ouvert|structure_proprietaire"),
             "WordPress (TablePress); a table with a Licence column holding links (CC BY, Licence Ouverte)")
    home(c, "/donnees-ouvertes/")
    a, x = "/wp-content/uploads/2025/11/marches.csv", "/wp-content/uploads/2025/11/subsides-clubs.xlsx"
    c.file(a, csv_bytes(MARCHES))
    c.file(x, xlsx_bytes([["club", "subside"], ["RUS Jemeppe", 1200]]))
    c.page("/donnees-ouvertes/", "Données ouvertes", f"""<table id="tablepress-3" class="tablepress tablepress-id-3">
<thead><tr class="row-1"><th class="column-1">Jeu de données</th><th class="column-2">Fichier</th><th class="column-3">Licence</th></tr></thead>
<tbody class="row-striping row-hover">
<tr class="row-2"><td class="column-1">Marchés</td><td class="column-2"><a href="{{{{ORIGIN}}}}{a}">CSV</a></td><td class="column-3"><a href="{CC_BY}">CC BY 4.0</a></td></tr>
<tr class="row-3"><td class="column-1">Subsides aux clubs sportifs</td><td class="column-2"><a href="{{{{ORIGIN}}}}{x}">XLSX</a></td><td class="column-3"><a href="{ETALAB}">Licence Ouverte 2.0</a></td></tr>
</tbody></table>""")
    c.expect(a, "CSV", "open")
    c.expect(x, "XLSX", "open")
    return c


@case
def wanze():
    c = Case("wanze", "61072", "drupal", decl(),
             "Drupal; a withdrawn file answers 410 Gone (broken), the other is fine")
    home(c, "/donnees-ouvertes")
    a, z = "/sites/default/files/opendata/sucrerie-visites.csv", "/sites/default/files/opendata/elections-2018.csv"
    c.file(a, csv_bytes([["annee", "visiteurs"], ["2025", "5300"]]))
    c.routed(z, status=410, body="<h1>Gone</h1>", headers={"Content-Type": "text/html"})
    c.page("/donnees-ouvertes", "Données ouvertes", f"""<p>Licence <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="{a}">Visites de la sucrerie</a></li><li><a href="{z}">Résultats des élections 2018</a></li></ul>""")
    c.expect(a, "CSV", "open")
    c.expect(z, None, "open", broken=True, note="410 Gone")
    c.finding("BROKEN_DISTRIBUTION", why="elections-2018.csv answers 410")
    return c


@case
def bouillon():
    c = Case("bouillon", "84010", "custom", decl(opens="non", channels="", formats="", update="non", communication="aucune", planned="2021"),
             "home-made site; declared not opening data; only a link to a tourism dataset on ODWB (context) and PDF brochures: no finding")
    home(c, "/tourisme.php", "Tourisme")
    br = "/docs/brochure-chateau-fort.pdf"
    c.file(br, pdf_bytes("Le chateau fort de Bouillon - brochure"))
    c.page("/tourisme.php", "Tourisme", f"""<p>Découvrez le château fort de Godefroid de Bouillon.</p>
<p><a href="{br}">Brochure du château (PDF)</a></p>
<p>Les hébergements touristiques de la province sont aussi sur <a href="https://www.odwb.be/explore/dataset/hebergements-touristiques-luxembourg/">ODWB</a>.</p>""")
    return c

if __name__ == "__main__":
    import sys
    for fn in CASES:
        fn().write()
    print(f"{len(CASES)} cases written to tests/realism/cases", file=sys.stderr)
