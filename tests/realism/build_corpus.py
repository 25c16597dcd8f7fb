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


if __name__ == "__main__":
    import sys
    for fn in CASES:
        fn().write()
    print(f"{len(CASES)} cases written to tests/realism/cases", file=sys.stderr)
