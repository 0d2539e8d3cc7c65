#!/usr/bin/env python3
# Checks the form of the diagnosis corpus files (not their meaning):
# header, 10 columns, unique ids across files, known stages, cause ids and
# context keys, https sources, no repeated (origin, reply, source) rows.
# Usage: check_corpus.py tests/diagnose/corpus/*.tsv
import sys,collections
CAUSES=set("""auth-failed auth-app-password auth-web-login auth-mfa auth-disabled auth-locked auth-mechanism auth-required auth-tls-required auth-temporary auth-oauth-only relay-denied sender-rejected sender-unverified recipient-rejected message-rejected message-spam rate-limited greylisted blocklisted server-busy greeting-rejected ehlo-rejected starttls-failed protocol-error connection-lost message-too-large mailbox-full recipient-unknown spf-dkim-dmarc ip-reputation server-error account-suspended server-timeout""".split())
STAGES={"greeting","ehlo","starttls","auth","mail","rcpt","data","data-end"}
HDR="id\torigin\thost\tstage\tcontext\treply\tcause\tcertainty\tsource\tnote"
ok=True; ids=set(); seen=collections.Counter()
def bad(n,m):
    global ok; ok=False; print(f"{f}:{n}: {m}")
for f in sys.argv[1:]:
    lines=open(f,encoding='utf-8').read().split('\n')
    if lines[-1]=='': lines.pop()
    body=[(n,l) for n,l in enumerate(lines,1) if not l.startswith('#')]
    if not body or body[0][1]!=HDR: bad(1,'missing/wrong header'); continue
    for n,l in body[1:]:
        c=l.split('\t')
        if len(c)!=10: bad(n,f'{len(c)} columns'); continue
        i,o,h,s,ctx,rep,cause,cert,src,note=c
        if i in ids: bad(n,'duplicate id '+i)
        ids.add(i)
        if any(x.strip()!=x or x=='' for x in c): bad(n,'empty or padded field')
        if o!=o.lower() or ' ' in o: bad(n,'origin')
        if s not in STAGES: bad(n,'stage '+s)
        if cause not in CAUSES: bad(n,'cause '+cause)
        if cert not in ('sure','unclear'): bad(n,'certainty')
        if not src.startswith('https://') or ' ' in src: bad(n,'source')
        if ctx!='-':
            for kv in ctx.split(','):
                k,_,v=kv.partition('=')
                if not ((k in('authed','tls') and v in('yes','no')) or (k=='rcpt' and v in('local','foreign'))): bad(n,'context '+kv)
        seen[(o,rep,src)]+=1
for k,v in seen.items():
    if v>1: ok=False; print('duplicate row',k)
print('OK' if ok else 'FAIL', len(ids),'rows'); sys.exit(0 if ok else 1)
