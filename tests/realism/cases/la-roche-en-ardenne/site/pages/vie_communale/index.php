<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>La Roche-en-Ardenne - Vie communale</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>

</head>
<body>
<table width="100%" border="0" cellspacing="0" cellpadding="0" id="page">
<tr><td colspan="2" id="entete"><a href="/index.php"><img src="/images/bandeau.jpg" alt="Bienvenue à La Roche-en-Ardenne" border="0"></a></td></tr>
<tr><td valign="top" width="210" id="gauche"><ul id="menu" class="menu"><li><a href="{{ORIGIN}}/">Accueil</a></li><li><a href="{{ORIGIN}}/pages/vie_communale/index.php">Vie communale</a></li><li><a href="{{ORIGIN}}/pages/vie_communale/donnees.php">Données ouvertes</a></li></ul>
<p class="horaires"><b>Horaires</b><br>Lundi au vendredi<br>8h30 - 12h00</p></td>
<td valign="top" id="contenu">
<div class="chemin"><a href="/index.php">Accueil</a> &gt; Vie communale</div>
<h1>Vie communale</h1>
<p>Collège et conseil.</p>
</td></tr>
<tr><td colspan="2" id="pied">Administration communale de La Roche-en-Ardenne - <a href="/index.php?page=contact">Contact</a> - <a href="/index.php?page=vie-privee">Vie priv&eacute;e</a></td></tr>
</table>
</body>
</html>
