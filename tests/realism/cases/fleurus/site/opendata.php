<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Fleurus - Open data</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>

</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" id="page">
<tr><td colspan="2" id="entete"><a href="/index.php"><img src="/images/bandeau.jpg" alt="Bienvenue à Fleurus" border="0"></a></td></tr>
<tr><td valign="top" width="210" id="gauche"><ul id="menu" class="menu"><li><a href="{{ORIGIN}}/ma-commune">Ma commune</a></li><li><a href="{{ORIGIN}}/opendata.php">Données ouvertes</a></li><li><a href="{{ORIGIN}}/vivre">Vivre à Fleurus</a></li><li><a href="{{ORIGIN}}/actualites">Actualités</a></li><li><a href="{{ORIGIN}}/contact">Contact</a></li></ul>
<p class="horaires"><b>Horaires</b><br>Lundi au vendredi<br>8h30 - 12h00</p></td>
<td valign="top" id="contenu">
<div class="chemin"><a href="/index.php">Accueil</a> &gt; Open data</div>
<h1>Open data</h1>
<p>La Ville de Fleurus publie ses données sous licence <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p>
<ul><li><a href="/documents/opendata/marches.csv">Marchés hebdomadaires (CSV)</a></li>
<li>Retrouvez aussi nos données sur le portail régional : <a href="https://www.odwb.be/explore/dataset/fleurus-implantations-scolaires/">Implantations scolaires de Fleurus sur ODWB</a></li></ul>
</td></tr>
<tr><td colspan="2" id="pied">Administration communale de Fleurus - <a href="/index.php?page=contact">Contact</a> - <a href="/index.php?page=vie-privee">Vie priv&eacute;e</a></td></tr>
</table>
</body>
</html>
