#!/bin/bash
# Manual smoke test of the scripted test servers (not part of `make check`):
# starts every server/mode on loopback, pokes it with a small client and
# prints what happened.  Exit status 1 if any check failed.
#
#   bash tests/servers/selftest.sh [-v]     (-v: show every client's output)

here=$(cd "$(dirname "$0")" && pwd)
. "$here/servers.sh" || exit 99
trap srv_stop_all EXIT
verbose=${1:-}
PY=/usr/bin/python3
pass=0 fail=0

# Client-side helpers shared by the inline Python checks below.
PYLIB='
import json, os, smtplib, socket, ssl, sys, time
PORT = int(os.environ["PORT"])
CTX = ssl._create_unverified_context()
def conn(timeout=5):
    return socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
def read_for(s, secs, limit=1 << 24):
    """Everything received within secs (or until EOF / limit bytes)."""
    s.settimeout(0.2); data = b""; end = time.time() + secs
    while time.time() < end and len(data) < limit:
        try:
            b = s.recv(65536)
        except socket.timeout:
            continue
        if not b:
            break
        data += b
    return data
def read_until_eof(s, secs):
    """(data, True if the server closed within secs)."""
    s.settimeout(0.2); data = b""; end = time.time() + secs
    while time.time() < end:
        try:
            b = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionError:
            return data, True
        if not b:
            return data, True
        data += b
    return data, False
def expect(cond, what):
    print(("ok: " if cond else "BAD: ") + what)
    if not cond:
        sys.exit(1)
'

# check DESC PYTHON-CODE: run the code against 127.0.0.1:$SRV_PORT, report.
check() {
	local desc=$1 out st=0
	out=$(PORT=$SRV_PORT timeout 30 "$PY" -c "$PYLIB$2" 2>&1) || st=$?
	if [ $st -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS  $desc"
		[ -n "$verbose" ] && sed 's/^/        /' <<<"$out"
	else
		fail=$((fail + 1))
		echo "FAIL  $desc (status $st)"
		sed 's/^/        /' <<<"$out"
		echo "        server log:"
		sed 's/^/        | /' "$SRV_LOG"
	fi
	return 0
}

# start NAME ARGS...: srv_start, counting a failure to start as a FAIL.
start() {
	srv_start "$@" && return 0
	fail=$((fail + 1))
	echo "FAIL  start $*"
	return 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj /CN=localhost -days 2 -keyout "$SRV_DIR/key.pem" \
	-out "$SRV_DIR/cert.pem" 2>/dev/null || { echo "openssl failed"; exit 99; }
TLS=(--cert "$SRV_DIR/cert.pem" --key "$SRV_DIR/key.pem")
export SPOOL=$SRV_DIR/spool TRANSCRIPT=$SRV_DIR/transcript

echo "== smtpserver.py"

start smtpserver --tls starttls "${TLS[@]}" --user alice --password s3cret \
	--auth-mechs "PLAIN LOGIN CRAM-MD5 XOAUTH2" --require-auth \
	--spool "$SPOOL" --transcript "$TRANSCRIPT" &&
	check "starttls: AUTH PLAIN right/wrong password, spool, transcript" '
s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
s.ehlo()
expect("starttls" in s.esmtp_features and "auth" not in s.esmtp_features,
       "before TLS: STARTTLS advertised, AUTH not")
expect(s.docmd("AUTH PLAIN AGFsaWNlAHMzY3JldA==")[0] == 538, "AUTH before TLS -> 538")
expect(s.docmd("MAIL FROM:<a@example.org>")[0] == 530, "MAIL without AUTH -> 530")
s.starttls(context=CTX); s.ehlo()
expect(s.esmtp_features.get("auth") == " PLAIN LOGIN CRAM-MD5 XOAUTH2",
       "after TLS: AUTH" + s.esmtp_features.get("auth", "?"))
expect(s.docmd("AUTH PLAIN AGFsaWNlAHdyb25n")[0] == 535, "wrong password -> 535")
expect(s.docmd("AUTH XOAUTH2 dXNlcj1h")[0] == 504, "advertised but unimplemented XOAUTH2 -> 504")
s.user, s.password = "alice", "s3cret"
expect(s.auth("PLAIN", s.auth_plain)[0] == 235, "right password -> 235")
msg = b"Subject: hi\r\n\r\n.leading dot\r\nbody\r\n"
s.sendmail("a@example.org", ["b@example.org", "c@example.org"], msg)
s.quit()
meta = json.load(open(os.environ["SPOOL"] + "/1.json"))
expect(open(os.environ["SPOOL"] + "/1.eml", "rb").read() == msg, "spooled 1.eml == message")
expect(meta == {"mail_from": "a@example.org", "rcpt_tos": ["b@example.org", "c@example.org"],
                "auth_user": "alice", "tls": True}, "1.json: %s" % meta)
t = open(os.environ["TRANSCRIPT"], "rb").read().split(b"\n")
expect(t.index(b"STARTTLS") < t.index(b"AUTH PLAIN AGFsaWNlAHdyb25n"),
       "transcript: STARTTLS before AUTH (%d lines)" % len(t))
'

start smtpserver --tls starttls "${TLS[@]}" --user alice --password s3cret \
	--auth-mechs "LOGIN CRAM-MD5" &&
	check "starttls: AUTH LOGIN and CRAM-MD5, '*' abort" '
for mech in ("LOGIN", "CRAM-MD5"):
    for pw, code in (("nope", 535), ("s3cret", 235)):
        s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
        s.starttls(context=CTX); s.ehlo()
        s.user, s.password = "alice", pw
        fn = getattr(s, "auth_" + mech.lower().replace("-", "_"))
        try:
            got = s.auth(mech, fn, initial_response_ok=False)[0]
        except smtplib.SMTPAuthenticationError as e:
            got = e.smtp_code
        expect(got == code, "%s with %s -> %d" % (mech, pw, got))
        s.close()
s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
s.starttls(context=CTX); s.ehlo()
expect(s.docmd("AUTH LOGIN")[0] == 334 and s.docmd("*")[0] == 501, "AUTH LOGIN, * -> 501")
expect(s.docmd("AUTH PLAIN AGFsaWNlAHMzY3JldA==")[0] == 504, "not advertised PLAIN -> 504")
'

start smtpserver --tls implicit "${TLS[@]}" --user alice --password s3cret \
	--spool "$SPOOL.implicit" --banner-host smtp.example.com &&
	check "implicit TLS: login + send" '
s = smtplib.SMTP_SSL("127.0.0.1", PORT, timeout=5, context=CTX)
code, banner = s.ehlo()
expect(banner.split(b"\n")[0] == b"smtp.example.com", "EHLO names smtp.example.com")
s.login("alice", "s3cret")
s.sendmail("a@example.org", ["b@example.org"], b"Subject: x\r\n\r\nhi\r\n")
s.quit()
meta = json.load(open(os.environ["SPOOL"] + ".implicit/1.json"))
expect(meta["tls"] is True and meta["auth_user"] == "alice", "spooled with tls=true: %s" % meta)
' &&
	check "implicit TLS: gnutls-cli sees the banner, plaintext client sees nothing" '
import subprocess
p = subprocess.run("(sleep 1; printf \"QUIT\\r\\n\") | gnutls-cli --insecure --crlf --port %d 127.0.0.1" % PORT,
                   shell=True, capture_output=True, timeout=15)
out = p.stdout.decode()
expect("220 smtp.example.com ESMTP" in out, "gnutls-cli: " + [l for l in out.splitlines() if l.startswith("220")][0])
data = read_for(conn(), 1.5)
expect(data == b"", "plaintext client: no banner within 1.5 s")
'

start smtpserver --auth-require-tls no --auth-plaintext-advertise yes \
	--user alice --password s3cret \
	--auth-fail-reply "535 5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials" &&
	check "plaintext AUTH allowed; multi-line 535" '
s = conn()
f = s.makefile("rb")
f.readline()
s.sendall(b"EHLO me\r\nAUTH PLAIN AGFsaWNlAHdyb25n\r\n")
lines = [f.readline() for _ in range(6)]
print(b"".join(lines).decode())
expect(lines[3] == b"250 AUTH PLAIN LOGIN\r\n", "AUTH advertised before TLS")
expect(lines[4:] == [b"535-5.7.8 Username and Password not accepted. For more information, go to\r\n",
                     b"535 5.7.8 https://support.google.com/mail/?p=BadCredentials\r\n"],
       "535 with correct continuation")
'

start smtpserver --tls starttls "${TLS[@]}" --user alice --password s3cret \
	--auth-mechs "PLAIN LOGIN XOAUTH2" \
	--auth-reply-always "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant." &&
	check "--auth-reply-always even for right password / XOAUTH2" '
s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
s.starttls(context=CTX); s.ehlo()
r = s.docmd("AUTH PLAIN AGFsaWNlAHMzY3JldA==")
expect(r[0] == 535 and r[1].startswith(b"5.7.139"), "right password -> %r" % (r,))
expect(s.docmd("AUTH XOAUTH2 dXNlcj1h")[0] == 535, "XOAUTH2 -> 535 too")
'

start smtpserver --auth-mechs "" --no-ehlo --greeting-delay 1 \
	--mail-reply "250 2.1.0 sender fine" --rcpt-reply "550 5.1.1 <b@example.org>: no such user\n550 5.1.1 really" &&
	check "--no-ehlo, --greeting-delay, --mail-reply, multi-line --rcpt-reply" '
t = time.time()
s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
expect(time.time() - t >= 0.9, "banner after %.2f s" % (time.time() - t))
expect(s.ehlo()[0] == 502, "EHLO -> 502")
expect(s.helo()[0] == 250, "HELO -> 250")
expect(s.docmd("AUTH PLAIN AGFsaWNlAHMzY3JldA==")[0] == 500, "AUTH after HELO -> 500")
expect(s.mail("a@example.org") == (250, b"2.1.0 sender fine"), "MAIL -> scripted 250")
r = s.rcpt("b@example.org")
expect(r[0] == 550 and r[1].count(b"\n") == 1, "RCPT -> %r" % (r,))
expect(s.docmd("DATA")[0] == 503, "DATA without recipients -> 503")
'

start smtpserver --data-cmd-reply "354 3.0.0 custom go ahead" --data-reply "452 4.3.1 Insufficient system storage" \
	--spool "$SPOOL.rejected" --ehlo-extra 'PIPELINING\nSIZE 1000\nSMTPUTF8' &&
	check "--data-cmd-reply 354, --data-reply 452, --ehlo-extra" '
s = smtplib.SMTP("127.0.0.1", PORT, timeout=5)
s.ehlo()
expect(s.esmtp_features.get("size") == "1000" and "pipelining" in s.esmtp_features
       and "smtputf8" in s.esmtp_features, "extras: %s" % s.esmtp_features)
expect(s.docmd("MAIL FROM:<a@example.org> SIZE=2000")[0] == 552, "SIZE 1000 enforced")
s.mail("a@example.org", ["SMTPUTF8"]); s.rcpt("b@example.org")
expect(s.docmd("DATA") == (354, b"3.0.0 custom go ahead"), "DATA -> custom 354")
s.send(b"Subject: x\r\n\r\nhi\r\n.\r\n")
expect(s.getreply()[0] == 452, "after the dot -> 452")
expect(not os.path.exists(os.environ["SPOOL"] + ".rejected/1.eml"), "rejected message not spooled")
'

start smtpserver --host ::1 &&
	check "--host ::1" '
s = smtplib.SMTP("::1", PORT, timeout=5)
expect(s.noop()[0] == 250, "NOOP over IPv6")
'

start smtpserver --lifetime 1 &&
	check "--lifetime 1: exits on its own" '
time.sleep(2)
try:
    conn(1)
    expect(False, "still listening")
except ConnectionRefusedError:
    expect(True, "connection refused after 2 s")
'

echo "== rawserver.py"

start rawserver --mode silent &&
	check "silent" '
data, closed = read_until_eof(conn(), 1.5)
expect(data == b"" and not closed, "nothing sent, connection kept open")
'

start rawserver --mode greeting-text '554-5.7.1 go away\n554 5.7.1 really' &&
	check "greeting-text 554 (closes)" '
data, closed = read_until_eof(conn(), 3)
expect(data == b"554-5.7.1 go away\r\n554 5.7.1 really\r\n" and closed, repr(data))
'

start rawserver --mode greeting-text '220 odd.example ESMTP hello' &&
	check "greeting-text 220 (then 250 to everything)" '
s = conn(); s.sendall(b"EHLO me\r\nMAIL FROM:<a@b>\r\n")
data = read_for(s, 1)
expect(data.startswith(b"220 odd.example ESMTP hello\r\n250 ") and data.count(b"\r\n") == 3, repr(data))
'

start rawserver --mode http --http-wait 1 &&
	check "http" '
s = conn(); s.sendall(b"EHLO me\r\n")
data, closed = read_until_eof(s, 3)
expect(data.startswith(b"HTTP/1.1 400 Bad Request\r\n") and closed, "reply to EHLO: %r..." % data[:30])
t = time.time()
data, closed = read_until_eof(conn(), 3)
expect(data.startswith(b"HTTP/1.1 400") and closed and time.time() - t > 0.9,
       "no request: 400 after %.1f s" % (time.time() - t))
'

start rawserver --mode ssh &&
	check "ssh" '
s = conn()
expect(read_for(s, 0.5) == b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", "SSH ident at once")
s.sendall(b"EHLO me\r\n")
data, closed = read_until_eof(s, 2)
expect(closed, "closes after a non-SSH line: %r" % data)
'

start rawserver --mode tls-server "${TLS[@]}" &&
	check "tls-server" '
data = read_for(conn(), 1.5)
expect(data == b"", "plaintext client: nothing within 1.5 s")
s = CTX.wrap_socket(conn())
f = s.makefile("rb")
expect(f.readline() == b"220 tls.example ESMTP\r\n", "TLS client: 220 tls.example ESMTP")
s.sendall(b"EHLO me\r\n")
expect(f.readline() == b"250-tls.example\r\n", "EHLO answered")
'

start rawserver --mode drip "220 d" &&
	check "drip" '
s = conn()
t = time.time(); data = b""
while len(data) < 3:
    data += s.recv(10)
el = time.time() - t
expect(data == b"220" and 1.7 < el < 3.5, "3 bytes in %.1f s" % el)
'

start rawserver --mode close-mid-reply &&
	check "close-mid-reply" '
s = conn(); s.sendall(b"EHLO me\r\n")
data, closed = read_until_eof(s, 2)
expect(data.endswith(b"\r\n250-first line\r\n") and closed, repr(data))
'

mkdir -p "$SRV_DIR/scripts"
start rawserver --mode replay --ports 2 --script-dir "$SRV_DIR/scripts" "${TLS[@]}" &&
	PORTS=$SRV_PORT SRV_PORT=${SRV_PORT%% *} SCRIPTS=$SRV_DIR/scripts \
	check "replay: a scripted reply per port, at its stage" '
p1, p2 = (int(p) for p in os.environ["PORTS"].split())
d = os.environ["SCRIPTS"]
json.dump({"stage": "rcpt", "reply": "550-5.1.1 no\\n550 5.1.1 such user", "tls": True,
           "auth": True, "host": "smtp.example.net"}, open(f"{d}/{p1}.json", "w"))
json.dump({"stage": "greeting", "reply": "554 5.7.1 go away", "host": "x"},
          open(f"{d}/{p2}.json", "w"))
s = smtplib.SMTP("127.0.0.1", p1, timeout=5); s.ehlo()
expect("starttls" in s.esmtp_features and "auth" not in s.esmtp_features, "STARTTLS first")
s.starttls(context=CTX); s.ehlo()
expect(s.esmtp_features.get("auth") == " PLAIN", "AUTH after TLS")
expect(s.docmd("AUTH PLAIN AGEAYg==")[0] == 235, "any login -> 235")
expect(s.docmd("MAIL FROM:<a@example.org>")[0] == 250, "MAIL -> 250")
code, text = s.docmd("RCPT TO:<b@example.org>")
expect((code, text) == (550, b"5.1.1 no\n5.1.1 such user"), repr((code, text)))
s.quit()
c = socket.create_connection(("127.0.0.1", p2), timeout=5)
expect(read_for(c, 1) == b"554 5.7.1 go away\r\n", "greeting replaced")
'

start rawserver --mode endless-multiline &&
	check "endless-multiline" '
s = conn(); s.sendall(b"EHLO me\r\n")
data = read_for(s, 2)
lines = data.split(b"\r\n")[1:-1]
expect(len(data) > 1000000 and set(lines) == {b"250-x"}, "%d bytes of 250-x in 2 s" % len(data))
'

start rawserver --mode long-line &&
	check "long-line" '
data = read_for(conn(), 2)
expect(data.startswith(b"220 ") and data.count(b"\r\n") == 1 and len(data) > 1 << 20,
       "%d bytes, one CRLF" % len(data))
'

start rawserver --mode binary &&
	check "binary" '
data = read_for(conn(), 1)
expect(data.startswith(b"\0\0\0\0") and b"\xff" in data, "%d bytes of garbage" % len(data))
'

start rawserver --mode code-change &&
	check "code-change" '
s = conn(); s.sendall(b"EHLO me\r\n")
data = read_for(s, 1)
expect(data.endswith(b"\r\n250-a\r\n550-b\r\n250 c\r\n"), repr(data))
'

start rawserver --mode starttls-inject "${TLS[@]}" &&
	check "starttls-inject" '
s = conn(); f = s.makefile("rb")
f.readline()
s.sendall(b"EHLO me\r\n")
caps = [f.readline() for _ in range(3)]
expect(caps[1] == b"250-STARTTLS\r\n", "STARTTLS advertised")
s.sendall(b"STARTTLS\r\n")
time.sleep(0.3)
data = s.recv(100)
expect(data == b"220 2.0.0 ready\r\n250 injected\r\n", "one segment: %r" % data)
t = CTX.wrap_socket(s)
t.sendall(b"EHLO me\r\n")
expect(t.recv(100).startswith(b"250-inject.example\r\n"), "EHLO answered inside TLS")
'

start rawserver --mode escape &&
	check "escape" '
data = read_for(conn(), 1)
expect(b"\x1b]0;pwned\x07" in data and data.startswith(b"220 "), repr(data))
'

start rawserver --mode silent --lifetime 1 && {
	sleep 2
	if srv__running "$SRV_PID" >/dev/null; then
		fail=$((fail + 1)); echo "FAIL  rawserver --lifetime 1 still running"
	else
		pass=$((pass + 1)); echo "PASS  rawserver --lifetime 1: exited on its own"
	fi
}

echo "== servers.sh helpers"

srv_filtered_port &&
	check "srv_filtered_port: connect times out" '
t = time.time()
try:
    conn(2)
    expect(False, "connected")
except socket.timeout:
    expect(True, "timed out after %.1f s" % (time.time() - t))
'

SRV_PORT=$(srv_closed_port) &&
	check "srv_closed_port: connect refused" '
try:
    conn(2)
    expect(False, "connected")
except ConnectionRefusedError:
    expect(True, "refused (port %d)" % PORT)
'

if [ -n "$verbose" ]; then
	echo "== server logs"
	for log in "$SRV_DIR"/*.log; do
		echo "-- ${log##*/}"
		sed 's/^/   | /' "$log"
	done
fi
t0=$(date +%s.%N)
srv_stop_all
echo "srv_stop_all took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"

echo "== $pass passed, $fail failed"
[ $fail -eq 0 ]
