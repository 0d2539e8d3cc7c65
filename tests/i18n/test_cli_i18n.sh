#!/bin/bash
# The command line speaks the user's language: --help, usage errors and the
# --check text report under LANG=de_DE.UTF-8 and fr_FR.UTF-8, with the
# catalogues compiled from po/. What scripts rely on stays untranslated:
# step ids and cause ids in the text report, and the whole shape of --json
# (keys, step ids, statuses, cause ids, exit status).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/i18n/lib.sh"

i18n_need de_DE.UTF-8 fr_FR.UTF-8
i18n_catalogues "$T/locale" || i18n_skip "cannot compile the catalogues"

# lrun LOCALE ARGS...: run (from lib.sh) under LANG=LOCALE.
lrun() {
	local loc=$1
	shift
	OUT=$(in_locale "$loc" "$SMTPWIZ" "$@" </dev/null 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
}

# Columns of the widest line (characters, not bytes).
widest() {
	printf '%s\n' "$1" | /usr/bin/python3 -c \
		'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))'
}

# Port 1 on loopback: nothing listens, the connection is refused at once.
TARGET=(--check --config "$T/none.conf" --host 127.0.0.1 --port 1)

# ---- --help ---------------------------------------------------------------

lrun de_DE.UTF-8 --help
is "$RC" 0 "de: --help exits 0"
like "$OUT" '^Aufruf: smtpwiz \[--config DATEI\]' "de: --help usage line is German"
like "$OUT" 'Ausgehende E-Mail \(SMTP-Submission\) einrichten' "de: --help describes the program in German"
like "$OUT" 'Testempfänger' "de: --help shows umlauts"
like "$OUT" 'Exit-Status: 0 alle Schritte bestanden' "de: --help explains the exit status in German"
lrun fr_FR.UTF-8 --help
is "$RC" 0 "fr: --help exits 0"
like "$OUT" '^Usage.*smtpwiz \[--config FICHIER\]' "fr: --help usage line is French"
like "$OUT" "Configure l'envoi de courrier \(soumission SMTP\)" "fr: --help describes the program in French"
like "$OUT" "adresse de l'expéditeur" "fr: --help shows accents"
for loc in de_DE.UTF-8 fr_FR.UTF-8; do
	lrun "$loc" --help
	for opt in --config --check --lookup --host --port --tls --user --password-file --from --to --ca-file --timeout --send-test --json --transcript --no-color --mouse --help --version; do
		like "$OUT" "(  |, )$opt( |,|$)" "${loc%%_*}: --help still names $opt"
	done
	w=$(widest "$OUT")
	ok $((w > 79)) "${loc%%_*}: --help fits 79 columns (widest line: $w)"
done

# ---- usage errors -----------------------------------------------------------

lrun de_DE.UTF-8 --bogus
is "$RC" 2 "de: unknown option exits 2"
like "$ERR" "unbekannte Option „--bogus“" "de: unknown option is reported in German"
like "$ERR" '„smtpwiz --help“ liefert weitere Informationen' "de: the --help pointer is German"
lrun fr_FR.UTF-8 --check --host h.example --port 70000
is "$RC" 2 "fr: bad port exits 2"
like "$ERR" "--port.*«.{1,2}70000.{1,2}» n'est pas un numéro de port" "fr: bad port is reported in French"

# ---- the --check text report -----------------------------------------------

lrun C "${TARGET[@]}"
C_RC=$RC
lrun de_DE.UTF-8 "${TARGET[@]}"
is "$RC" "$C_RC" "de: --check exit status as in C ($C_RC)"
like "$OUT" '^Prüfe 127\.0\.0\.1, Port 1 \(TLS: starttls\)' "de: report header is German"
like "$(printf '%s' "$OUT" | tr '\n' ' ' | tr -s ' ')" 'FAIL connect Der Server hat die Verbindung auf diesem Port abgelehnt \[connect-refused\]' \
	"de: failed step: German summary, untranslated step id and cause id"
like "$OUT" 'Befund:' "de: evidence heading is German"
like "$OUT" 'Abhilfe:' "de: hint heading is German"
like "$OUT" 'Auf diesem Port lauscht nichts' "de: hint text is German"
like "$OUT" 'SKIP  greeting       Übersprungen: Ein vorheriger Schritt ist fehlgeschlagen' \
	"de: skipped steps say why in German"
like "$OUT" 'Ergebnis: FEHLER \(1 Schritt fehlgeschlagen\)' "de: result line (ngettext singular)"
unlike "$OUT" 'The server refused|What to do|Result:' "de: no English left in the report"

lrun fr_FR.UTF-8 "${TARGET[@]}"
is "$RC" "$C_RC" "fr: --check exit status as in C ($C_RC)"
like "$OUT" '^Vérification de 127\.0\.0\.1 port 1' "fr: report header is French"
like "$(printf '%s' "$OUT" | tr '\n' ' ' | tr -s ' ')" 'FAIL connect Le serveur a refusé la connexion sur ce port \[connect-refused\]' \
	"fr: failed step: French summary, untranslated step id and cause id"
like "$OUT" 'Constat' "fr: evidence heading is French"
like "$OUT" 'Que faire' "fr: hint heading is French"
like "$OUT" "Rien n'écoute sur ce port" "fr: hint text is French"
like "$OUT" 'SKIP  message        Ignoré' "fr: skipped steps say why in French"
like "$OUT" 'Résultat.*ÉCHEC \(1 étape a échoué\)' "fr: result line (ngettext singular)"
unlike "$OUT" 'The server refused|What to do|Result:' "fr: no English left in the report"

# No configuration and no --host: the advice is translated too.
lrun de_DE.UTF-8 --check --config "$T/none.conf"
is "$RC" 2 "de: missing configuration exits 2"
like "$ERR" 'Starten Sie smtpwiz ohne --check' "de: missing configuration advice is German"

# ---- --json keeps its shape ------------------------------------------------

# The parts of the document that scripts read: every key path, the
# result, and per step its id, status and cause. Translated prose (summary,
# hint, evidence) is left out.
shape() {
	printf '%s' "$1" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
def paths(v, p=""):
    if isinstance(v, dict):
        for k in sorted(v):
            yield p + "/" + k
            yield from paths(v[k], p + "/" + k)
    elif isinstance(v, list):
        for x in v:
            yield from paths(x, p + "[]")
print(sorted(set(paths(d))))
print(d["result"], d["target"])
for s in d["steps"]:
    print(s["id"], s["status"], s["cause"])
'
}
lrun C "${TARGET[@]}" --json
C_JSON=$OUT
C_SHAPE=$(shape "$OUT")
ok $? "C: --json parses"
like "$C_SHAPE" 'connect fail connect-refused' "C: --json names the cause"
for loc in de_DE.UTF-8 fr_FR.UTF-8; do
	lrun "$loc" "${TARGET[@]}" --json
	is "$RC" "$C_RC" "${loc%%_*}: --json exit status as in C"
	S=$(shape "$OUT")
	ok $? "${loc%%_*}: --json is valid JSON"
	is "$S" "$C_SHAPE" "${loc%%_*}: --json keys, step ids, statuses and cause ids as in C"
	is "$(OUT=$OUT json 'd["steps"][2]["summary"] != ""')" True \
		"${loc%%_*}: --json still has a summary"
	[ "$(OUT=$OUT json 'd["steps"][2]["summary"]')" != \
		"$(OUT=$C_JSON json 'd["steps"][2]["summary"]')" ]
	ok $? "${loc%%_*}: --json summary is the translated text"
done

tap_done
