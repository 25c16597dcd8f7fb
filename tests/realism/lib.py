"""Helpers to write realism cases: CMS chrome (iMio Plone, WordPress, Drupal, home-made PHP),
data files built byte by byte (CSV, XLSX, ODS, PDF, ZIP...) and case.json.

Written from how these CMSs and real commune sites look (tests/realism/README.md), not from
the auditor. `build_corpus.py` uses them; a case can as well be written by hand.
"""
import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
SHARED = HERE.parent.parent.parent / "shared" / "data" / "communes-wallonia-2020.csv"

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_FR = "https://creativecommons.org/licenses/by/4.0/deed.fr"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
CC_BY_NC = "https://creativecommons.org/licenses/by-nc/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def communes():
    out = {}
    path = SHARED if SHARED.exists() else Path("/work/shared/data/communes-wallonia-2020.csv")
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["nis_code"]] = row
    return out


COMMUNES = communes()

# ------------------------------------------------------------------ data files


_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _writestr(z, name, data, compress=zipfile.ZIP_DEFLATED):
    """A member with a fixed date, so that rebuilding a case gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = compress
    z.writestr(info, data)


def csv_bytes(rows, delimiter=",", encoding="utf-8", bom=False, crlf=True):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _esc(v):
    return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xlsx_bytes(rows, sheet="Feuil1"):
    """A minimal but valid Office Open XML workbook (inline strings)."""
    cells = []
    for ri, row in enumerate(rows, 1):
        cs = []
        for ci, v in enumerate(row):
            ref = f"{_col(ci)}{ri}"
            if isinstance(v, (int, float)):
                cs.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{_esc(v)}</t></is></c>')
        cells.append(f'<row r="{ri}">{"".join(cs)}</row>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        _writestr(z, "[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        _writestr(z, "_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        _writestr(z, "xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        _writestr(z, "xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        _writestr(z, "xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'<sheetData>{"".join(cells)}</sheetData></worksheet>')
    return buf.getvalue()


def ods_bytes(rows):
    """A minimal OpenDocument spreadsheet (mimetype stored first, uncompressed)."""
    trs = []
    for row in rows:
        tds = []
        for v in row:
            if isinstance(v, (int, float)):
                tds.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>')
            else:
                tds.append(f'<table:table-cell office:value-type="string"><text:p>{_esc(v)}</text:p></table:table-cell>')
        trs.append(f"<table:table-row>{''.join(tds)}</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
               f"{''.join(trs)}</table:table></office:spreadsheet></office:body></office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        _writestr(z, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        _writestr(z, "META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        _writestr(z, "content.xml", content)
    return buf.getvalue()


def pdf_bytes(text):
    """A small valid PDF 1.4 with one page of text."""
    text = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 50 780 Td (" + text + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            _writestr(z, name, data)
    return buf.getvalue()


def json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8")


def geojson_points(props_list, coords):
    feats = []
    for p, (lon, lat) in zip(props_list, coords):
        feats.append({"type": "Feature", "properties": p,
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return json_bytes({"type": "FeatureCollection", "features": feats})


def kml_bytes(name, placemarks):
    pms = "".join(
        f"<Placemark><name>{_esc(n)}</name><Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"
        for n, lon, lat in placemarks)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
            f"<Document><name>{_esc(name)}</name>{pms}</Document></kml>\n").encode()


# ------------------------------------------------------------------ CMS chrome

COOKIE_IMIO = ('<div id="cookieconsent-banner" class="cookieconsent" role="dialog" aria-live="polite">'
               '<p>Ce site utilise des cookies afin d\'améliorer votre expérience de navigation. '
               '<a href="{{ORIGIN}}/gdpr-view">En savoir plus</a></p>'
               '<button type="button" class="btn btn-primary">Accepter</button>'
               '<button type="button" class="btn btn-secondary">Refuser</button></div>')


def plone_page(site, title, body, crumbs=(), version=6, head_extra="", menu_extra=""):
    """An iMio smartweb (Plone 6) or cpskin (Plone 4/5) page."""
    name = site.name
    crumb_html = "".join(
        f'<li class="breadcrumb-item"><a href="{{{{ORIGIN}}}}{u}">{t}</a></li>' for t, u in crumbs)
    menu = site.menu_html()
    if version >= 6:
        return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="fr" xml:lang="fr">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="generator" content="Plone - https://plone.org/" />
<title>{title} — Commune de {name}</title>
<link rel="canonical" href="{{{{ORIGIN}}}}{site.current}" />
<link rel="stylesheet" href="{{{{ORIGIN}}}}/++theme++imio.smartweb.common/css/smartweb.min.css" />
<link rel="stylesheet" href="{{{{ORIGIN}}}}/++plone++static/plone-fontello-compiled.css" />
<link rel="icon" type="image/png" href="{{{{ORIGIN}}}}/++resource++imio.smartweb.core/favicon.png" />
<script src="{{{{ORIGIN}}}}/++plone++static/bundle-plone/bundle.min.js"></script>
{head_extra}
</head>
<body class="template-document_view portaltype-imio-smartweb-page site-{site.slug} userrole-anonymous">
{COOKIE_IMIO}
<header id="portal-top" class="header">
 <div class="header-top"><a id="portal-logo" href="{{{{ORIGIN}}}}"><img src="{{{{ORIGIN}}}}/@@site-logo/logo.png" alt="Commune de {name}" /></a>
 <form id="searchGadget_form" action="{{{{ORIGIN}}}}/@@search"><input name="SearchableText" type="text" placeholder="Rechercher" /></form>
 <a class="quick-access" href="{{{{ORIGIN}}}}/ma-commune/services-communaux">Services</a> <a class="quick-access" href="{{{{ORIGIN}}}}/contact">Contact</a></div>
 <nav id="portal-globalnav" class="navbar">{menu}{menu_extra}</nav>
</header>
<nav id="portal-breadcrumbs" aria-label="Fil d'Ariane"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="{{{{ORIGIN}}}}">Accueil</a></li>{crumb_html}</ol></nav>
<main id="main-container" class="container"><div id="content">
<h1 class="documentFirstHeading">{title}</h1>
{body}
<div class="documentByLine">Dernière modification le 14/10/2026</div>
</div></main>
<footer id="portal-footer-wrapper"><div class="footer">
 <div class="footer-contact"><strong>Administration communale de {name}</strong><br />Place communale 1<br />Tél. : 0{site.nis[-3:]} 00 00 00 — <a href="mailto:info@{site.host.replace('www.', '')}">info@{site.host.replace('www.', '')}</a></div>
 <ul class="footer-links"><li><a href="{{{{ORIGIN}}}}/gdpr-view">Vie privée</a></li><li><a href="{{{{ORIGIN}}}}/accessibilite">Accessibilité</a></li><li><a href="{{{{ORIGIN}}}}/sitemap">Plan du site</a></li><li><a href="https://www.facebook.com/{site.slug}">Facebook</a></li></ul>
 <p class="credit">Réalisé par <a href="https://www.imio.be">iMio</a></p>
</div></footer>
</body></html>
"""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" lang="fr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="generator" content="Plone - http://plone.org" />
<title>{title} &mdash; {name}</title>
<base href="{{{{ORIGIN}}}}{site.current}/" />
<link rel="stylesheet" type="text/css" href="{{{{ORIGIN}}}}/portal_css/cpskin.theme/base-cachekey-4e2b.css" />
<link rel="shortcut icon" href="{{{{ORIGIN}}}}/++resource++cpskin.theme/favicon.ico" />
<script type="text/javascript" src="{{{{ORIGIN}}}}/portal_javascripts/cpskin.theme/jquery-cachekey-9a1f.js"></script>
{head_extra}
</head>
<body class="template-document_view portaltype-document site-{site.slug} icons-on" dir="ltr">
<div id="visual-portal-wrapper">
<div id="portal-top">
 <a id="portal-logo" title="{name}" href="{{{{ORIGIN}}}}"><img src="{{{{ORIGIN}}}}/logo.png" alt="{name}" /></a>
 <ul id="portal-siteactions"><li><a href="{{{{ORIGIN}}}}/sitemap">Plan du site</a></li><li><a href="{{{{ORIGIN}}}}/accessibility-info">Accessibilité</a></li><li><a href="{{{{ORIGIN}}}}/contact-info">Contact</a></li></ul>
 <div id="portal-globalnav">{menu}{menu_extra}</div>
</div>
<div id="portal-breadcrumbs"><span id="breadcrumbs-you-are-here">Vous êtes ici :</span> <a href="{{{{ORIGIN}}}}">Accueil</a>{''.join(f' <span class="breadcrumbSeparator">›</span> <a href="{{{{ORIGIN}}}}{u}">{t}</a>' for t, u in crumbs)}</div>
<div id="portal-columns"><div id="portal-column-content"><div id="content">
<h1 class="documentFirstHeading">{title}</h1>
<div id="content-core">
{body}
</div></div></div>
<div id="portal-column-two"><dl class="portlet portletNews"><dt class="portletHeader">Actualités</dt>
<dd class="portletItem"><a href="{{{{ORIGIN}}}}/actualites/fermeture-des-bureaux">Fermeture des bureaux le 11 novembre</a></dd></dl></div>
</div>
<div id="portal-footer"><p>Administration communale de {name} &ndash; Tous droits réservés &ndash; <a href="https://www.imio.be">Réalisé par IMIO</a></p></div>
</div></body></html>
"""


def wp_page(site, title, body, head_extra=""):
    name = site.name
    menu = site.menu_html(ul_id="menu-menu-principal", cls="menu")
    return f"""<!doctype html>
<html lang="fr-BE">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &#8211; Commune de {name}</title>
<meta name='robots' content='index, follow, max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="Commune de {name} &raquo; Flux" href="{{{{ORIGIN}}}}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='{{{{ORIGIN}}}}/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3' media='all' />
<link rel='stylesheet' id='astra-theme-css-css' href='{{{{ORIGIN}}}}/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4' media='all' />
<link rel="https://api.w.org/" href="{{{{ORIGIN}}}}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{{{{ORIGIN}}}}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.4.3" />
<link rel="shortlink" href="{{{{ORIGIN}}}}/?p=1287" />
{head_extra}
</head>
<body class="page-template-default page wp-custom-logo ast-page-builder-template">
<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner" role="dialog" aria-label="Gérer le consentement aux cookies">
<div class="cmplz-message"><p>Pour offrir les meilleures expériences, nous utilisons des technologies telles que les cookies.</p></div>
<div class="cmplz-links"><a class="cmplz-link cookie-statement" href="{{{{ORIGIN}}}}/politique-de-cookies-ue/">Politique de cookies</a></div>
<button class="cmplz-btn cmplz-accept">Accepter</button><button class="cmplz-btn cmplz-deny">Refuser</button></div></div>
<a class="skip-link screen-reader-text" href="#content">Aller au contenu</a>
<header class="site-header" id="masthead"><div class="site-branding"><a href="{{{{ORIGIN}}}}/" class="custom-logo-link" rel="home"><img src="{{{{ORIGIN}}}}/wp-content/uploads/2021/09/logo-{site.slug}.png" class="custom-logo" alt="Commune de {name}" /></a></div>
<nav id="site-navigation" class="main-navigation" aria-label="Menu principal">{menu}</nav></header>
<div id="content" class="site-content"><div class="ast-container"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1287" class="post-1287 page type-page status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1></header>
<div class="entry-content clear">
{body}
</div></article></main></div>
<aside id="secondary" class="widget-area"><section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Actualités</h2>
<ul><li><a href="{{{{ORIGIN}}}}/2026/11/12/collecte-des-sapins/">Collecte des sapins de Noël</a></li><li><a href="{{{{ORIGIN}}}}/2026/10/28/travaux-rue-de-la-gare/">Travaux rue de la Gare</a></li></ul></section></aside>
</div></div>
<footer class="site-footer" id="colophon"><div class="footer-widgets"><p>Administration communale de {name}</p>
<p><a href="{{{{ORIGIN}}}}/mentions-legales/">Mentions légales</a> | <a href="{{{{ORIGIN}}}}/politique-de-confidentialite/">Vie privée</a></p>
<p>&copy; 2026 Commune de {name} &#8211; Propulsé par <a href="https://wordpress.org/">WordPress</a></p></div></footer>
<script src='{{{{ORIGIN}}}}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
</body></html>
"""


def drupal_page(site, title, body, head_extra=""):
    name = site.name
    menu = site.menu_html(ul_id="main-menu", cls="menu menu--main nav")
    return f"""<!DOCTYPE html>
<html lang="fr" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  og: http://ogp.me/ns#  schema: http://schema.org/">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="icon" href="/core/misc/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{title} | Commune de {name}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_Xq3pT9yZ.css?delta=0&amp;language=fr&amp;theme=olivero" />
<script src="/core/assets/vendor/once/once.min.js?v=1.0.1"></script>
{head_extra}
</head>
<body class="path-node page-node-type-page">
<a href="#main-content" class="visually-hidden focusable skip-link">Aller au contenu principal</a>
<div class="eu-cookie-compliance-banner" role="dialog"><div class="popup-content info"><div id="popup-text"><p>Nous utilisons des cookies sur ce site pour améliorer votre expérience d'utilisateur.</p></div>
<div id="popup-buttons"><button type="button" class="agree-button eu-cookie-compliance-default-button">J'accepte</button><button type="button" class="decline-button">Non merci</button></div></div></div>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<header class="site-header"><div class="site-branding"><a href="/" rel="home"><img src="/sites/default/files/logo-{site.slug}.svg" alt="Accueil" /></a></div>
<nav role="navigation" aria-labelledby="block-navigationprincipale-menu" id="block-navigationprincipale">{menu}</nav></header>
<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation"><ol><li><a href="/">Accueil</a></li><li>{title}</li></ol></nav></div>
<main role="main"><a id="main-content" tabindex="-1"></a>
<div class="region region-content"><article class="node node--type-page node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title">{title}</span></h1>
<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{body}
</div></div></article></div></main>
<footer class="site-footer"><div class="region region-footer"><p>Commune de {name} – Administration communale</p>
<ul class="menu"><li><a href="/mentions-legales">Mentions légales</a></li><li><a href="/protection-des-donnees">Protection des données</a></li><li><a href="/contact">Contact</a></li></ul></div></footer>
</div></body></html>
"""


def custom_page(site, title, body, charset="utf-8", head_extra=""):
    """A home-made PHP site: tables for layout, an old menu, no framework."""
    name = site.name
    menu = site.menu_html(ul_id="menu", cls="menu")
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{name} - {title}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>
{head_extra}
</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" id="page">
<tr><td colspan="2" id="entete"><a href="/index.php"><img src="/images/bandeau.jpg" alt="Bienvenue à {name}" border="0"></a></td></tr>
<tr><td valign="top" width="210" id="gauche">{menu}
<p class="horaires"><b>Horaires</b><br>Lundi au vendredi<br>8h30 - 12h00</p></td>
<td valign="top" id="contenu">
<div class="chemin"><a href="/index.php">Accueil</a> &gt; {title}</div>
<h1>{title}</h1>
{body}
</td></tr>
<tr><td colspan="2" id="pied">Administration communale de {name} - <a href="/index.php?page=contact">Contact</a> - <a href="/index.php?page=vie-privee">Vie priv&eacute;e</a></td></tr>
</table>
</body>
</html>
"""


# ------------------------------------------------------------------ a case


class Case:
    """One commune website: its files, routes and the expected reading."""

    def __init__(self, slug, nis, cms, declaration, summary, host=None):
        c = COMMUNES[nis]
        self.slug = slug
        self.nis = nis
        self.name = c["name"]
        self.province = c["province"]
        self.population = int(c["population"])
        self.host = host or f"www.{slug}.be"
        self.cms = cms
        self.declaration = declaration
        self.summary = summary
        self.site = {}
        self.extra = {}
        self.routes = {}
        self.expected = []
        self.findings = []
        self.menu = [("Ma commune", "/ma-commune"), ("Vivre à " + self.name, "/vivre"),
                     ("Actualités", "/actualites"), ("Contact", "/contact")]
        self.current = "/"
        self.fields = {}

    # chrome ------------------------------------------------------------
    def menu_html(self, ul_id="portal-globalnav-list", cls="nav"):
        items = "".join(f'<li><a href="{{{{ORIGIN}}}}{u}">{t}</a></li>' for t, u in self.menu)
        return f'<ul id="{ul_id}" class="{cls}">{items}</ul>'

    def chrome(self, title, body, **kw):
        if self.cms.startswith("plone"):
            return plone_page(self, title, body, version=int(self.cms[5:] or 6), **kw)
        if self.cms == "wordpress":
            return wp_page(self, title, body, **kw)
        if self.cms == "drupal":
            return drupal_page(self, title, body, **kw)
        return custom_page(self, title, body, **kw)

    # content -----------------------------------------------------------
    def page(self, path, title, body, encoding="utf-8", **kw):
        """A page at `path` (a folder path gets index.html), in the site's chrome."""
        self.current = path
        html = self.chrome(title, body, **kw)
        self.raw(path, html.encode(encoding, "xmlcharrefreplace"))
        return html

    def raw(self, path, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        rel = path.lstrip("/")
        if rel == "" or path.endswith("/") or "." not in rel.split("/")[-1]:
            rel = (rel.rstrip("/") + "/index.html").lstrip("/")
        self.site[rel] = data

    def file(self, path, data):
        self.site[path.lstrip("/")] = data

    def routed(self, key, data=None, name=None, **kw):
        """A route of case.json: `data` is written under routes/ and served for `key`."""
        r = dict(kw)
        if data is not None:
            fname = "routes/" + (name or re.sub(r"[^A-Za-z0-9._-]+", "_", key.strip("/")) or "root")
            self.extra[fname] = data.encode("utf-8") if isinstance(data, str) else data
            r["file"] = fname
        self.routes[key] = r

    def plone_file(self, folder, name, data, title, ctype=None):
        """A Plone File object: its bytes at the object URL, its view page at /view and the
        download view at @@download/file/<name> (attachment)."""
        url = f"{folder}/{name}"
        self.file(url, data)
        self.current = url + "/view"
        view = self.chrome(title, f'<div class="file-view"><p>Fichier <strong>{name}</strong> — {len(data) // 1024 + 1} Ko</p>'
                                  f'<p><a href="{{{{ORIGIN}}}}{url}/@@download/file/{name}" class="btn">Télécharger le fichier</a></p></div>')
        self.routed(url + "/view", view, name=f"view-{name}.html")
        hdr = {"Content-Disposition": f'attachment; filename="{name}"'}
        if ctype:
            hdr["Content-Type"] = ctype
        self.routed(f"{url}/@@download/file/{name}", data, name=name, headers=hdr)
        return url

    def expect(self, url, fmt, licence, modified=None, verifiable=True, broken=False, container=None, note=None):
        d = {"url": url, "format": fmt, "licence": licence}
        if modified:
            d["modified"] = modified
        if not verifiable:
            d["verifiable"] = False
        if broken:
            d["broken"] = True
        if container:
            d["container"] = container
        if note:
            d["note"] = note
        self.expected.append(d)

    def finding(self, code, subject="", why=""):
        self.findings.append({"code": code, "subject": subject, "why": why})

    def notfound_page(self):
        self.current = "/404"
        self.site["404.html"] = self.chrome(
            "Page introuvable",
            '<div class="error-page"><p>Nous sommes désolés, la page que vous recherchez est introuvable. '
            'Elle a peut-être été déplacée ou supprimée.</p><p><a href="{{ORIGIN}}/">Retour à l\'accueil</a></p></div>'
        ).encode("utf-8")

    # output ------------------------------------------------------------
    def write(self):
        d = CASES / self.slug
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        for rel, data in {**{"site/" + k: v for k, v in self.site.items()}, **self.extra}.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        external = set()
        for data in list(self.site.values()) + list(self.extra.values()):
            for m in re.finditer(rb"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})", data):
                external.add(m.group(1).decode().lower())
        external.discard(self.host)
        j = {
            "host": self.host,
            "nis_code": self.nis,
            "name": self.name,
            "province": self.province,
            "population": self.population,
            "cms": self.cms,
            "summary": self.summary,
            "declaration": self.declaration,
            "routes": self.routes,
            "external_hosts": sorted(external),
            "expected": {"distributions": self.expected, "findings": self.findings},
            **self.fields,
        }
        (d / "case.json").write_text(json.dumps(j, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def decl(opens="oui", channels="site_web", formats="structure_ouvert", update="manuel_regulier",
         communication="site_web", planned=""):
    return {"opens_data": opens, "channels": channels, "formats": formats, "update": update,
            "communication": communication, "planned_opening": planned}


def shapefile_points(points, stem="zones-30"):
    """A zipped-shapefile member set (.shp, .shx, .dbf, .prj) of points, built by the spec."""
    import struct
    n = len(points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    bbox = (min(xs), min(ys), max(xs), max(ys))

    def header(length_words):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_words) + struct.pack("<2i", 1000, 1)
                + struct.pack("<4d", *bbox) + struct.pack("<4d", 0, 0, 0, 0))
    recs, shx = b"", b""
    offset = 50
    for i, (x, y) in enumerate(points, 1):
        content = struct.pack("<i2d", 1, x, y)
        recs += struct.pack(">2i", i, len(content) // 2) + content
        shx += struct.pack(">2i", offset, len(content) // 2)
        offset += 4 + len(content) // 2
    shp = header(50 + len(recs) // 2) + recs
    shx = header(50 + n * 4) + shx
    field = b"NOM".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([20, 0]) + b"\0" * 14
    dbf = struct.pack("<4BIHH20x", 3, 126, 1, 1, n, 32 + 32 + 1, 1 + 20) + field + b"\r"
    for i in range(n):
        dbf += b" " + f"zone {i + 1}".ljust(20).encode()
    dbf += b"\x1a"
    prj = b'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]'
    return {f"{stem}.shp": shp, f"{stem}.shx": shx, f"{stem}.dbf": dbf, f"{stem}.prj": prj}
