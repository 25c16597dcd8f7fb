<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Bouillon - Tourisme</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>

</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" id="page">
<tr><td colspan="2" id="entete"><a href="/index.php"><img src="/images/bandeau.jpg" alt="Bienvenue à Bouillon" border="0"></a></td></tr>
<tr><td valign="top" width="210" id="gauche"><ul id="menu" class="menu"><li><a href="{{ORIGIN}}/ma-commune">Ma commune</a></li><li><a href="{{ORIGIN}}/tourisme.php">Tourisme</a></li><li><a href="{{ORIGIN}}/vivre">Vivre à Bouillon</a></li><li><a href="{{ORIGIN}}/actualites">Actualités</a></li><li><a href="{{ORIGIN}}/contact">Contact</a></li></ul>
<p class="horaires"><b>Horaires</b><br>Lundi au vendredi<br>8h30 - 12h00</p></td>
<td valign="top" id="contenu">
<div class="chemin"><a href="/index.php">Accueil</a> &gt; Tourisme</div>
<h1>Tourisme</h1>
<p>Découvrez le château fort de Godefroid de Bouillon.</p>
<p><a href="/docs/brochure-chateau-fort.pdf">Brochure du château (PDF)</a></p>
<p>Les hébergements touristiques de la province sont aussi sur <a href="https://www.odwb.be/explore/dataset/hebergements-touristiques-luxembourg/">ODWB</a>.</p>
</td></tr>
<tr><td colspan="2" id="pied">Administration communale de Bouillon - <a href="/index.php?page=contact">Contact</a> - <a href="/index.php?page=vie-privee">Vie priv&eacute;e</a></td></tr>
</table>
</body>
</html>
