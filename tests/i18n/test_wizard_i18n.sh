#!/bin/bash
# The wizard in German and French, in a real 80x24 terminal (tmux): screen
# text with accented characters drawn by ncursesw, a field that takes "ü"
# typed on the keyboard and saves it, and the fixed-width parts (key bars,
# button rows, the checklist's columns) not cut off although the
# translations are longer than the English. The test target is 127.0.0.1
# port 1, where the connection is refused. French puts a no-break space
# before ":" and ";", so the strings looked for here avoid those. TAP output.
set -u

: "${SMTPWIZ:?SMTPWIZ must name the smtpwiz binary}"
: "${SRCDIR:=.}"
. "$SRCDIR/tests/resolver-guard.sh"
: "${SRCDIR:=.}"

. "$SRCDIR/tests/i18n/lib.sh"
i18n_need de_DE.UTF-8 fr_FR.UTF-8
. "$SRCDIR/tests/tui/lib.sh"
i18n_catalogues "$TMP/locale" || i18n_skip "cannot compile the catalogues"
# tmux itself in a UTF-8 locale, whatever make check runs under; the
# wizard gets its own (LANG only) from start's environment list.
export LC_ALL=C.UTF-8

lang_env() { # lang_env LOCALE: what start passes to the wizard
	echo LC_ALL= LANGUAGE= LC_MESSAGES= LANG="$1" \
		SMTPWIZ_LOCALEDIR="$TMP/locale"
}
# The last row (the key bar) and the button row, trailing blanks removed.
row() { screen | sed -n "$1p" | sed 's/ *$//'; }
keybar_is() {
	local tries=30
	while ((tries-- > 0)); do
		[ "$(row 24)" = "$1" ] && return 0
		sleep 0.1
	done
	echo "#   key bar: '$(row 24)'"
	return 1
}
buttons_are() { [ "$(row 21)" = "$1" ] || { echo "#   buttons: '$(row 21)'"; false; }; }
# A step line of the checklist: mark, state word, step label.
step_line() { screen | grep -qF -- "$1"; }

# ---- German: the whole flow, typed ------------------------------------------

# shellcheck disable=SC2046
start de $(lang_env de_DE.UTF-8)
check "de: welcome screen in German" wait_for "smtpwiz: Willkommen (Schritt 1 von 7)"
check "de: pane is 80x24" pane_is 80x24
check "de: umlauts drawn" wait_for "Diese Datei existiert noch nicht; sie wird angelegt und ist nur für Sie"
check "de: welcome buttons" buttons_are "  [ Weiter ]  [ Ende ]"
check "de: key bar complete at 80 columns" \
	keybar_is "F1/Alt-h Hilfe  Tab Feld  Enter Weiter  Esc Zurück  F10/^Q Ende"

keys Enter
check "de: email screen" wait_for "Ihre E-Mail-Adresse (Schritt 2 von 7)"
keys Enter
check "de: server screen" wait_for "smtpwiz: Server (Schritt 3 von 7)"
type_text "127.0.0.1"
keys Tab C-u
type_text "1"
check "de: live validation in German" wait_for "✓ gültig"
keys Enter
check "de: security screen" wait_for "Sicherheit (Schritt 4 von 7)"
check "de: radio labels and notes in columns" \
	wait_for "(*) STARTTLS        erst Klartext, dann verschlüsselt; üblich: Port 587"
check "de: check box label" wait_for "[x] Zertifikat prüfen  (empfohlen)"
check "de: choice key bar complete" \
	keybar_is "F1/Alt-h Hilfe  Space Wählen  Tab Feld  Enter Weiter  Esc Zurück  F10/^Q Ende"
keys Enter
check "de: sign-in screen" wait_for "Anmeldung (Schritt 5 von 7)"
check "de: sign-in key bar complete, its last item too" \
	keybar_is "F1/Alt-h Hilfe  Tab Feld  Enter Weiter  Esc Zurück  F10/^Q Ende  F2/^T Passwort"
type_text "jürgen@example.com"
check "de: the field takes ü typed on the keyboard" wait_for "[jürgen@example.com "
keys Tab
type_text "Pässwort"
keys F2
check "de: a password with ä, shown with F2" wait_for "[Pässwort "
keys Enter
check "de: addresses screen" wait_for "Adressen (Schritt 6 von 7)"
type_text "jürgen@example.com"
check "de: validation message in German" wait_for "Nicht-ASCII-Zeichen vor dem @"
keys Tab
type_text "bob@example.org"
keys Enter
check "de: summary screen" wait_for "Übersicht (Schritt 7 von 7)"
check "de: summary labels line up" wait_for "Anmeldung:      jürgen@example.com, Passwort gesetzt (verborgen)"
check "de: all five buttons fit" buttons_are \
	"  [ Speichern ]  [ Testen ]  [ Speichern und testen ]  [ Zurück ]  [ Ende ]"

keys Tab Tab Enter # Speichern und testen
check "de: test screen" wait_for "smtpwiz: Test"
check "de: the test finishes" wait_for "Fertig:" 300
check "de: failed step: state and label columns" step_line "✗ FEHLER    TCP-Verbindung      Der Server hat die Verbindung"
check "de: skipped steps" step_line "- entfällt  Authentifizierung   Übersprungen"
check "de: test buttons fit" buttons_are \
	"  [ Neu testen ]  [ Beheben ]  [ Log anzeigen ]  [ Zurück ]"
check "de: test key bar complete" \
	keybar_is "F1 Hilfe  Enter Details  l Log  f Beheben  r Neu testen  Esc Zurück  F10 Ende"
check "de: the file was saved" wait_file "$CONF"
check "de: ü saved in the user name" conf_has "username = 'jürgen@example.com'"
check "de: ä saved in the password" conf_has "password = 'Pässwort'"
check "de: ü saved in the sender" conf_has "from = 'jürgen@example.com'"
check "de: config keys untranslated" conf_has "tls = starttls"

keys l
check "de: log viewer" wait_for "SMTP-Protokoll (Passwörter entfernt)"
check "de: log viewer key bar complete" \
	keybar_is "PgUp/PgDn Blättern  / Suchen  n/N vor/zurück  Esc Zurück  F10 Ende  s Speichern"
keys Escape
check "de: the log viewer closes" wait_gone "SMTP-Protokoll"
keys F1
check "de: help for the test screen" wait_for "Hilfe: Test"
check "de: help in German" wait_for "Jede Zeile ist ein Schritt des Tests."
keys Escape
check "de: the help closes" wait_gone "Hilfe: Test"
keys F10
check "de: the goodbye line is German" wait_for "Einstellungen gespeichert in"
check "de: exit status 0" [ "$(exit_status)" = 0 ]

# ---- French: a seeded configuration, Enter through to the test ---------------

cat >"$TMP/seed.conf" <<'EOF'
host = '127.0.0.1'
port = 1
tls = starttls
username = 'jürgen@example.com'
password = 'secret'
from = 'bob@example.org'
test_recipient = 'bob@example.org'
EOF
SEED=$TMP/seed.conf
# shellcheck disable=SC2046
start fr $(lang_env fr_FR.UTF-8)
# Private, as the wizard would save it: the only problem is the port.
chmod 600 "$CONF"
check "fr: welcome screen in French" wait_for "Bienvenue (étape 1 sur 7)"
check "fr: accents drawn" wait_for "écran pour les garder telles quelles"
check "fr: welcome buttons" buttons_are "  [ Suivant ]  [ Quitter ]"
check "fr: key bar complete at 80 columns" \
	keybar_is "F1/Alt-h Aide  Tab Champ  Enter Suivant  Esc Retour  F10/^Q Quitter"
keys Enter
check "fr: email screen" wait_for "Votre adresse e-mail (étape 2 sur 7)"
keys Enter
check "fr: server screen" wait_for "Serveur (étape 3 sur 7)"
check "fr: the seeded host" wait_for "[127.0.0.1 "
keys Enter
check "fr: security screen" wait_for "Sécurité (étape 4 sur 7)"
check "fr: radio labels and notes in columns" \
	wait_for "(*) STARTTLS       en clair, puis chiffré"
check "fr: choice key bar complete" \
	keybar_is "F1/Alt-h Aide  Space Choix  Tab Champ  Enter Suivant  Esc Retour  F10/^Q Quitter"
keys Enter
check "fr: sign-in screen" wait_for "Connexion (étape 5 sur 7)"
check "fr: the seeded user name with ü" wait_for "[jürgen@example.com "
check "fr: sign-in key bar complete, its last item too" \
	keybar_is "F1/Alt-h Aide  Tab Champ  Enter Suivant  Esc Retour  F10/^Q Quitter  F2/^T Voir"
keys Enter
check "fr: addresses screen" wait_for "Adresses (étape 6 sur 7)"
keys Enter
check "fr: summary screen" wait_for "Résumé (étape 7 sur 7)"
check "fr: all five buttons fit" buttons_are \
	"  [ Enregistrer ]  [ Tester ]  [ Enreg. et tester ]  [ Retour ]  [ Quitter ]"
keys Tab Enter # Tester
check "fr: test screen" wait_for "Test de 127.0.0.1, port 1"
check "fr: the test finishes" wait_for "Terminé." 300
check "fr: failed step: state and label columns" step_line "✗ ÉCHEC     Connexion TCP       Le serveur a refusé la connexion"
check "fr: skipped steps" step_line "- ignoré    Accueil du serveur  Ignoré"
check "fr: hint in French" wait_for "Rien n'écoute sur ce port"
check "fr: test buttons fit" buttons_are \
	"  [ Relancer ]  [ Corriger ]  [ Voir le journal ]  [ Retour ]"
check "fr: test key bar complete" \
	keybar_is "F1 Aide  Enter Infos  l Journal  f Corriger  r Relancer  Esc Retour  F10 Quitter"
keys l
check "fr: log viewer" wait_for "Journal du protocole (mots de passe masqués)"
check "fr: log viewer key bar complete" \
	keybar_is "PgUp/PgDn Défiler  / Chercher  n/N Suite  Esc Fermer  F10 Quitter  s Enregistrer"
keys Escape
check "fr: the log viewer closes" wait_gone "Journal du protocole"
keys F10
check "fr: quits" wait_for "Rien n'a été écrit dans"
check "fr: exit status 0" [ "$(exit_status)" = 0 ]
check "fr: the seeded file is untouched" conf_has "password = 'secret'"

echo "1..$count"
