#!/bin/sh
# Generates the certificates the TLS unit tests need into DIR: a test CA, a
# good localhost certificate and one certificate per failure the `certificate`
# step must recognise (expired, not yet valid, wrong host, self-signed,
# antivirus interception, wildcard) or warning (expiring in 5 and 30 days). ECDSA P-256 keys keep it well under a
# second. Every run regenerates everything, so it is idempotent; files only
# replace the previous set once all of them were made.
#
# usage: mkcerts.sh DIR
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
dir=$1
command -v certtool >/dev/null 2>&1 || {
	echo "$0: certtool not found (apt-get install gnutls-bin)" >&2
	exit 1
}
mkdir -p "$dir"
umask 077
work=$(mktemp -d "$dir/.mkcerts.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# certtool is chatty on both streams: keep its output for the error case only.
ct() {
	if ! certtool "$@" >"$work/log" 2>&1; then
		cat "$work/log" >&2
		echo "$0: certtool $* failed" >&2
		exit 1
	fi
}

key() {
	ct --generate-privkey --key-type ecdsa --curve secp256r1 \
		--outfile "$work/$1"
}

# tmpl NAME LINES...: one template file per certificate.
tmpl() {
	name=$1
	shift
	printf '%s\n' "$@" >"$work/$name.tmpl"
}

# selfsign NAME: NAME-key.pem + NAME.tmpl -> NAME.pem
selfsign() {
	key "$1-key.pem"
	ct --generate-self-signed --load-privkey "$work/$1-key.pem" \
		--template "$work/$1.tmpl" --outfile "$work/$1.pem"
}

# issue NAME CA: as selfsign, but signed by CA.pem/CA-key.pem
issue() {
	key "$1-key.pem"
	ct --generate-certificate --load-privkey "$work/$1-key.pem" \
		--load-ca-certificate "$work/$2.pem" \
		--load-ca-privkey "$work/$2-key.pem" \
		--template "$work/$1.tmpl" --outfile "$work/$1.pem"
}

# The extension keywords (ca, signing_key...) are template lines too.
localhost='dns_name = "localhost"
ip_address = "127.0.0.1"
ip_address = "::1"'

tmpl ca 'cn = "smtpwiz test CA"' 'organization = "smtpwiz tests"' \
	'expiration_days = 3650' ca cert_signing_key crl_signing_key
tmpl server 'cn = "localhost"' "$localhost" 'expiration_days = 365' \
	signing_key tls_www_server
tmpl expired 'cn = "localhost"' "$localhost" signing_key tls_www_server \
	'activation_date = "2019-01-01 00:00:00"' \
	'expiration_date = "2020-01-01 00:00:00"'
tmpl future 'cn = "localhost"' "$localhost" signing_key tls_www_server \
	'activation_date = "2099-01-01 00:00:00"' \
	'expiration_date = "2100-01-01 00:00:00"'
# Near expiry, for the cert-expiring warning (cert_warn_days, default 14):
# valid for 5 and for 30 more days from now.
tmpl soon 'cn = "localhost"' "$localhost" 'expiration_days = 5' \
	signing_key tls_www_server
tmpl month 'cn = "localhost"' "$localhost" 'expiration_days = 30' \
	signing_key tls_www_server
tmpl wronghost 'cn = "wrong.example.test"' 'dns_name = "wrong.example.test"' \
	'expiration_days = 365' signing_key tls_www_server
tmpl wildcard 'cn = "*.wild.test"' 'dns_name = "*.wild.test"' \
	'expiration_days = 365' signing_key tls_www_server
tmpl selfsigned 'cn = "localhost"' "$localhost" 'expiration_days = 365' \
	signing_key tls_www_server
tmpl intercept-ca 'cn = "Avast Web/Mail Shield Root"' \
	'organization = "Avast Software s.r.o."' 'expiration_days = 3650' \
	ca cert_signing_key crl_signing_key
tmpl intercept 'cn = "localhost"' "$localhost" 'expiration_days = 365' \
	signing_key tls_www_server

selfsign ca
issue server ca
issue expired ca
issue future ca
issue soon ca
issue month ca
issue wronghost ca
issue wildcard ca
selfsign selfsigned
selfsign intercept-ca
issue intercept intercept-ca

for f in ca server expired future soon month wronghost wildcard selfsigned \
	intercept-ca intercept; do
	mv -f "$work/$f.pem" "$work/$f-key.pem" "$dir/"
done
