<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Rixensart - Données ouvertes</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>

</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" id="page">
<tr><td colspan="2" id="entete"><a href="/index.php"><img src="/images/bandeau.jpg" alt="Bienvenue à Rixensart" border="0"></a></td></tr>
<tr><td valign="top" width="210" id="gauche"><ul id="menu" class="menu"><li><a href="{{ORIGIN}}/ma-commune">Ma commune</a></li><li><a href="{{ORIGIN}}/donnees-ouvertes.php">Données ouvertes</a></li><li><a href="{{ORIGIN}}/vivre">Vivre à Rixensart</a></li><li><a href="{{ORIGIN}}/actualites">Actualités</a></li><li><a href="{{ORIGIN}}/contact">Contact</a></li></ul>
<p class="horaires"><b>Horaires</b><br>Lundi au vendredi<br>8h30 - 12h00</p></td>
<td valign="top" id="contenu">
<div class="chemin"><a href="/index.php">Accueil</a> &gt; Données ouvertes</div>
<h1>Données ouvertes</h1>
<p>Statistiques de la population, mises à jour par le service Population.</p>
<table border="1" cellpadding="4"><tr><th>Donnée</th><th>Fichier</th></tr>
<tr><td>Population par section 2025</td><td><a href="/data/population-2025.csv">population-2025.csv</a></td></tr>
<tr><td>Naissances par mois 2025</td><td><a href="/data/naissances-2025.csv">naissances-2025.csv</a></td></tr></table>
</td></tr>
<tr><td colspan="2" id="pied">Administration communale de Rixensart - <a href="/index.php?page=contact">Contact</a> - <a href="/index.php?page=vie-privee">Vie priv&eacute;e</a></td></tr>
</table>
</body>
</html>
