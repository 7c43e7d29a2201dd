#!/usr/bin/env python3
"""A SimpleDB (API 2009-04-15) test server: all ten actions, the Select
language, NextToken paging, conditional writes, documented limits and error
codes, and Signature Version 2 checking.  Loopback only; the standard
library only.  It is a test fixture, not a database: state lives in memory.

usage: sdb_server.py [--port N] [--access-key AK] [--secret-key SK]
                     [--page-limit N]
The keys default to $SDB_ACCESS_KEY / $SDB_SECRET_KEY, else fixed test keys.
It prints its port on stdout once it listens, then serves until killed.
POST /__reset forgets every domain.
"""
import argparse
import base64
import calendar
import hashlib
import hmac
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS = "http://sdb.amazonaws.com/doc/2009-04-15/"
MAX_LEN = 1024
MAX_ATTRS = 256
MAX_BATCH = 25
MAX_DOMAINS = 250
MAX_PREDICATES = 20
MAX_SELECT_LIMIT = 2500
DEFAULT_SELECT_LIMIT = 100
MAX_RESPONSE = 1024 * 1024
CLOCK_SKEW = 15 * 60
DOMAIN_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,255}$")

LOCK = threading.Lock()
DOMAINS = {}  # name -> {item: {attr: [values]}}  (insertion-ordered)
KEYS = {}
TOKEN_KEY = os.urandom(16)


class SdbError(Exception):
    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def xml_ok(c):
    o = ord(c)
    return (o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD
            or 0x10000 <= o <= 0x10FFFF)


def text_elem(tag, s):
    """<tag>s</tag>, or base64 with encoding="base64" when s holds a
    character XML cannot carry (as SimpleDB does)."""
    if all(xml_ok(c) for c in s):
        return "<%s>%s</%s>" % (tag, esc(s), tag)
    b = base64.b64encode(s.encode("utf-8", "surrogatepass")).decode()
    return '<%s encoding="base64">%s</%s>' % (tag, b, tag)


def box(n=1):
    return "%.10f" % (0.0000137200 * n)


def ok_doc(action, result=None):
    rid = str(uuid.uuid4())
    body = '<?xml version="1.0"?>\n<%sResponse xmlns="%s">' % (action, NS)
    if result is not None:
        body += "<%sResult>%s</%sResult>" % (action, result, action)
    body += ("<ResponseMetadata><RequestId>%s</RequestId><BoxUsage>%s"
             "</BoxUsage></ResponseMetadata></%sResponse>" % (rid, box(), action))
    return body.encode("utf-8")


def err_doc(code, message):
    return ('<?xml version="1.0"?>\n<Response><Errors><Error><Code>%s</Code>'
            "<Message>%s</Message><BoxUsage>%s</BoxUsage></Error></Errors>"
            "<RequestID>%s</RequestID></Response>"
            % (code, esc("".join(c if xml_ok(c) else "?" for c in message)),
               box(), uuid.uuid4())).encode("utf-8", "replace")


def bad(code, msg, status=400):
    raise SdbError(status, code, msg)


# ---- tokens: opaque, tamper-evident ----------------------------------------
def make_token(obj):
    raw = json.dumps(obj, sort_keys=True).encode()
    mac = hmac.new(TOKEN_KEY, raw, hashlib.sha256).digest()[:12]
    return base64.b64encode(mac + raw).decode()


def read_token(tok, kind):
    try:
        raw = base64.b64decode(tok.encode(), validate=True)
        mac, body = raw[:12], raw[12:]
        if not hmac.compare_digest(
                mac, hmac.new(TOKEN_KEY, body, hashlib.sha256).digest()[:12]):
            raise ValueError
        obj = json.loads(body)
        if obj.get("k") != kind:
            raise ValueError
        return obj
    except Exception:
        bad("InvalidNextToken", "The specified next token is not valid.")


# ---- signature version 2 ----------------------------------------------------
def rfc3986(s):
    return urllib.parse.quote(s, safe="-_.~")


def parse_time(s):
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?"
                 r"(Z|[+-]\d\d:?\d\d)?$", s)
    if not m:
        return None
    t = calendar.timegm(tuple(int(m.group(i)) for i in range(1, 7)))
    tz = m.group(8)
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        hh, mm = int(tz[1:3]), int(tz[-2:])
        t -= sign * (hh * 3600 + mm * 60)
    return t


def check_signature(method, host, path, params):
    ak = params.get("AWSAccessKeyId")
    sig = params.get("Signature")
    if not ak:
        bad("MissingParameter",
            "The request must contain the parameter AWSAccessKeyId")
    if not sig:
        bad("MissingParameter", "The request must contain the parameter Signature")
    if params.get("SignatureVersion") != "2":
        bad("InvalidParameterValue", "Value (%s) for parameter SignatureVersion "
            "is invalid." % params.get("SignatureVersion"))
    meth = params.get("SignatureMethod")
    if meth not in ("HmacSHA256", "HmacSHA1"):
        bad("InvalidParameterValue",
            "Value (%s) for parameter SignatureMethod is invalid." % meth)
    if ak not in KEYS:
        bad("InvalidClientTokenId", "The AWS Access Key Id you provided does "
            "not exist in our records.", 403)
    now = time.time()
    ts, exp = params.get("Timestamp"), params.get("Expires")
    if ts and exp:
        bad("InvalidParameterCombination",
            "The parameter Timestamp cannot be used with the parameter Expires")
    if not ts and not exp:
        bad("MissingParameter", "The request must contain either a valid "
            "(unexpired) timestamp or a valid expiration date.")
    if ts:
        t = parse_time(ts)
        if t is None:
            bad("InvalidParameterValue",
                "Value (%s) for parameter Timestamp is invalid." % ts)
        if abs(now - t) > CLOCK_SKEW:
            bad("RequestExpired", "Request has expired. Timestamp date is %s"
                % ts, 403)
    else:
        t = parse_time(exp)
        if t is None:
            bad("InvalidParameterValue",
                "Value (%s) for parameter Expires is invalid." % exp)
        if now > t:
            bad("RequestExpired", "Request has expired. Expires date is %s"
                % exp, 403)
    canon = "&".join("%s=%s" % (rfc3986(k), rfc3986(v))
                     for k, v in sorted((k, v) for k, v in params.items()
                                        if k != "Signature"))
    sts = "%s\n%s\n%s\n%s" % (method, host.lower(), path or "/", canon)
    digest = hashlib.sha256 if meth == "HmacSHA256" else hashlib.sha1
    want = base64.b64encode(hmac.new(KEYS[ak].encode(), sts.encode("utf-8"),
                                     digest).digest()).decode()
    if not hmac.compare_digest(want.encode(), sig.encode()):
        bad("SignatureDoesNotMatch", "The request signature we calculated does "
            "not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation "
            "for details.", 403)


# ---- parameters --------------------------------------------------------------
def need(params, name):
    v = params.get(name)
    if v is None or v == "":
        bad("MissingParameter",
            "The request must contain the parameter %s" % name)
    return v


def check_len(kind, s):
    if len(s.encode("utf-8", "surrogatepass")) > MAX_LEN:
        bad("InvalidParameterValue", "Value (%s) for parameter %s is invalid. "
            "Length exceeds maximum allowed." % (s[:40], kind))


def domain_of(params, must_exist=True):
    name = need(params, "DomainName")
    if not DOMAIN_RE.match(name):
        bad("InvalidParameterValue", "Value (%s) for parameter DomainName is "
            "invalid. " % name)
    if must_exist and name not in DOMAINS:
        bad("NoSuchDomain", "The specified domain does not exist.")
    return name


def indexed(params, prefix):
    """{N: {suffix: value}} from prefix.N.suffix parameters."""
    out = {}
    pat = re.compile(r"^" + re.escape(prefix) + r"\.(\d+)\.(.+)$")
    for k, v in params.items():
        m = pat.match(k)
        if m:
            out.setdefault(int(m.group(1)), {})[m.group(2)] = v
    return [out[k] for k in sorted(out)]


def attrs_of(params, prefix, is_put):
    res = []
    for a in indexed(params, prefix):
        name = a.get("Name")
        if name is None or name == "":
            bad("MissingParameter", "Attribute.Name missing for Attribute.Value")
        check_len("Name", name)
        value = a.get("Value")
        if value is None and is_put:
            bad("MissingParameter",
                "Attribute.Value missing for Attribute.Name='%s'." % name)
        if value is not None:
            check_len("Value", value)
        rep = a.get("Replace", "false").lower()
        if rep not in ("true", "false"):
            bad("InvalidParameterValue",
                "Value (%s) for parameter Replace is invalid." % rep)
        res.append((name, value, rep == "true"))
    if len(res) > MAX_ATTRS:
        bad("NumberSubmittedAttributesExceeded",
            "Too many attributes in a single call.", 409)
    return res


def check_expected(params, item):
    conds = indexed(params, "Expected")
    # boto3 sends one unnumbered condition (Expected.Name); the 2009-04-15
    # documentation numbers them (Expected.1.Name).  Accept both.
    plain = {k[len("Expected."):]: v for k, v in params.items()
             if re.match(r"^Expected\.(Name|Value|Exists)$", k)}
    if plain:
        conds.append(plain)
    for e in conds:
        name = e.get("Name")
        if not name:
            bad("MissingParameter", "Expected.Name missing.")
        value = e.get("Value")
        exists = e.get("Exists")
        if exists is not None and exists.lower() not in ("true", "false"):
            bad("InvalidParameterValue",
                "Value (%s) for parameter Expected.Exists is invalid." % exists)
        ex = None if exists is None else exists.lower() == "true"
        if ex is False and value is not None:
            bad("InvalidParameterCombination", "Expected.Exists=false and "
                "Expected.Value cannot be specified together")
        if value is None and ex is not False:
            bad("IncompleteExpectedExpression", "If Expected.Exists=true or "
                "unspecified, then Expected.Value has to be specified")
        have = (item or {}).get(name)
        if ex is False:
            if have:
                bad("ConditionalCheckFailed", "Conditional check failed. "
                    "Attribute (%s) value exists" % name, 409)
            continue
        if not have:
            bad("AttributeDoesNotExist",
                "Attribute (%s) does not exist" % name, 404)
        if len(have) > 1:
            bad("MultiValuedAttribute", "Attribute (%s) is multi-valued. "
                "Conditional check can only be performed on a single-valued "
                "attribute" % name, 409)
        if have[0] != value:
            bad("ConditionalCheckFailed", "Conditional check failed. "
                "Attribute (%s) value is (%s) but was expected (%s)"
                % (name, have[0], value), 409)


def put_into(dom, item_name, attrs):
    item = dom.get(item_name)
    new = {k: list(v) for k, v in (item or {}).items()}
    for name, _v, rep in attrs:
        if rep:
            new[name] = []
    for name, value, _rep in attrs:
        vals = new.setdefault(name, [])
        if value not in vals:  # values are sets
            vals.append(value)
    if sum(len(v) for v in new.values()) > MAX_ATTRS:
        bad("NumberItemAttributesExceeded",
            "Too many attributes in this item", 409)
    dom[item_name] = new


def delete_from(dom, item_name, attrs):
    item = dom.get(item_name)
    if item is None:
        return
    if not attrs:
        del dom[item_name]
        return
    for name, value, _r in attrs:
        if name not in item:
            continue
        if value is None:
            del item[name]
        else:
            item[name] = [v for v in item[name] if v != value]
            if not item[name]:
                del item[name]
    if not item:
        del dom[item_name]


def attr_xml(name, value):
    return "<Attribute>%s%s</Attribute>" % (text_elem("Name", name),
                                            text_elem("Value", value))


# ---- the Select language ------------------------------------------------------
KEYWORDS = {"select", "from", "where", "and", "or", "not", "like", "between",
            "in", "is", "null", "every", "intersection", "order", "by", "asc",
            "desc", "limit"}
TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<str>'(?:[^']|'')*'|"(?:[^"]|"")*")
  | (?P<bq>`(?:[^`]|``)*`)
  | (?P<op>!=|>=|<=|=|>|<|\(|\)|,|\*)
  | (?P<num>\d+(?![A-Za-z_$]))
  | (?P<id>[A-Za-z_$][A-Za-z0-9_$]*)
""", re.X | re.S)


def qerr(msg):
    bad("InvalidQueryExpression", "The specified query expression syntax is "
        "not valid: %s" % msg)


def tokenize(s):
    out, i = [], 0
    while i < len(s):
        m = TOKEN_RE.match(s, i)
        if not m:
            qerr("unexpected character at %d" % i)
        i = m.end()
        kind = m.lastgroup
        t = m.group(kind)
        if kind == "ws":
            continue
        if kind == "str":
            out.append(("str", t[1:-1].replace(t[0] * 2, t[0])))
        elif kind == "bq":
            out.append(("name", t[1:-1].replace("``", "`")))
        elif kind == "id":
            if t.lower() in KEYWORDS:
                out.append(("kw", t.lower()))
            else:
                out.append(("name", t))
        else:
            out.append((kind, t))
    out.append(("end", None))
    return out


ITEMNAME = object()  # the itemName() pseudo-attribute


class Parser:
    def __init__(self, text):
        self.t = tokenize(text)
        self.i = 0
        self.preds = 0

    def peek(self, k=0):
        return self.t[min(self.i + k, len(self.t) - 1)]

    def take(self):
        t = self.t[self.i]
        self.i += 1
        return t

    def accept(self, kind, val=None):
        t = self.peek()
        if t[0] == kind and (val is None or t[1] == val or
                             (kind == "name" and str(t[1]).lower() == val)):
            self.i += 1
            return t
        return None

    def expect(self, kind, val=None):
        t = self.accept(kind, val)
        if not t:
            qerr("expected %s near %r" % (val or kind, self.peek()[1]))
        return t

    def is_call(self, name):
        t = self.peek()
        return (t[0] in ("name", "kw") and t[1].lower() == name.lower()
                and self.peek(1) == ("op", "("))

    def parse(self):
        q = {}
        self.expect("kw", "select")
        if self.accept("op", "*"):
            q["out"] = ("all",)
        elif self.is_call("itemName"):
            self.i += 2
            self.expect("op", ")")
            q["out"] = ("itemName",)
        elif self.is_call("count"):
            self.i += 2
            self.expect("op", "*")
            self.expect("op", ")")
            q["out"] = ("count",)
        else:
            names = [self.expect("name")[1]]
            while self.accept("op", ","):
                names.append(self.expect("name")[1])
            if len(names) > MAX_ATTRS:
                bad("TooManyRequestedAttributes",
                    "Too many attributes requested.")
            q["out"] = ("names", names)
        self.expect("kw", "from")
        q["domain"] = self.expect("name")[1]
        q["where"] = None
        if self.accept("kw", "where"):
            q["where"] = self.intersection()
        q["order"] = None
        if self.accept("kw", "order"):
            self.expect("kw", "by")
            attr = self.attr()
            desc = False
            if self.accept("kw", "desc"):
                desc = True
            else:
                self.accept("kw", "asc")
            q["order"] = (attr, desc)
        q["limit"] = None
        if self.accept("kw", "limit"):
            n = int(self.expect("num")[1])
            if n < 1 or n > MAX_SELECT_LIMIT:
                bad("InvalidParameterValue", "Value (%d) for parameter Limit "
                    "is invalid. It must be between 1 and 2500." % n)
            q["limit"] = n
        if self.peek()[0] != "end":
            qerr("unexpected %r" % (self.peek()[1],))
        if self.preds > MAX_PREDICATES:
            bad("InvalidNumberPredicates",
                "Too many predicates in the query expression.")
        return q

    def intersection(self):
        node = self.orx()
        while self.accept("kw", "intersection"):
            node = ("isect", node, self.orx())
        return node

    def orx(self):
        node = self.andx()
        while self.accept("kw", "or"):
            node = ("or", node, self.andx())
        return node

    def andx(self):
        node = self.notx()
        while self.accept("kw", "and"):
            node = ("and", node, self.notx())
        return node

    def notx(self):
        if self.accept("kw", "not"):
            return ("not", self.notx())
        if self.accept("op", "("):
            node = self.intersection()
            self.expect("op", ")")
            return node
        return self.predicate()

    def attr(self):
        if self.is_call("itemName"):
            self.i += 2
            self.expect("op", ")")
            return ITEMNAME
        return self.expect("name")[1]

    def value(self):
        return self.expect("str")[1]

    def predicate(self):
        self.preds += 1
        every = False
        if self.is_call("every"):
            self.i += 2
            a = self.attr()
            self.expect("op", ")")
            every = True
        else:
            a = self.attr()
        t = self.peek()
        if t[0] == "op" and t[1] in ("=", "!=", ">", ">=", "<", "<="):
            self.i += 1
            p = ("cmp", t[1], self.value())
        elif self.accept("kw", "like"):
            p = ("like", like_re(self.value()))
        elif self.accept("kw", "not"):
            self.expect("kw", "like")
            p = ("notlike", like_re(self.value()))
        elif self.accept("kw", "between"):
            lo = self.value()
            self.expect("kw", "and")
            p = ("between", lo, self.value())
        elif self.accept("kw", "in"):
            self.expect("op", "(")
            vals = [self.value()]
            while self.accept("op", ","):
                vals.append(self.value())
            self.expect("op", ")")
            p = ("in", vals)
        elif self.accept("kw", "is"):
            neg = bool(self.accept("kw", "not"))
            self.expect("kw", "null")
            if every:
                qerr("every() cannot be used with is null")
            return ("notnull" if neg else "null", a)
        else:
            qerr("expected a comparison near %r" % (t[1],))
        return ("pred", a, p, every)


def like_re(pat):
    out, i = "", 0
    while i < len(pat):
        c = pat[i]
        if c == "\\" and i + 1 < len(pat):
            out += re.escape(pat[i + 1])
            i += 2
            continue
        out += ".*" if c == "%" else re.escape(c)
        i += 1
    return re.compile("^" + out + "$", re.S)


def test_value(p, v):
    k = p[0]
    if k == "cmp":
        op, x = p[1], p[2]
        return {"=": v == x, "!=": v != x, ">": v > x, ">=": v >= x,
                "<": v < x, "<=": v <= x}[op]
    if k == "like":
        return bool(p[1].match(v))
    if k == "notlike":
        return not p[1].match(v)
    if k == "between":
        return p[1] <= v <= p[2]
    if k == "in":
        return v in p[1]
    raise AssertionError(k)


def node_attrs(n):
    k = n[0]
    if k in ("pred", "null", "notnull"):
        return {n[1]}
    if k == "not":
        return node_attrs(n[1])
    return node_attrs(n[1]) | node_attrs(n[2])


def values_of(name, item_name, item):
    if name is ITEMNAME:
        return [item_name]
    return item.get(name, [])


def eval_value(n, v):
    """Evaluate a subtree on one attribute on one of its values."""
    k = n[0]
    if k == "pred":
        return test_value(n[2], v)
    if k == "not":
        return not eval_value(n[1], v)
    if k == "and":
        return eval_value(n[1], v) and eval_value(n[2], v)
    if k == "or":
        return eval_value(n[1], v) or eval_value(n[2], v)
    raise AssertionError(k)


def eval_item(n, item_name, item):
    k = n[0]
    if k == "null":
        return not values_of(n[1], item_name, item)
    if k == "notnull":
        return bool(values_of(n[1], item_name, item))
    if k == "pred" and n[3]:  # every(attr)
        vals = values_of(n[1], item_name, item)
        return bool(vals) and all(test_value(n[2], v) for v in vals)
    if k == "isect":
        return (eval_item(n[1], item_name, item) and
                eval_item(n[2], item_name, item))
    attrs = node_attrs(n)
    if (len(attrs) == 1 and k in ("pred", "not", "and", "or") and
            not has_special(n)):
        # Comparisons on one attribute are applied to each value on its
        # own: "a > '1' and a < '5'" needs one value doing both.
        (a,) = attrs
        return any(eval_value(n, v) for v in values_of(a, item_name, item))
    if k == "not":
        return not eval_item(n[1], item_name, item)
    if k == "and":
        return (eval_item(n[1], item_name, item) and
                eval_item(n[2], item_name, item))
    if k == "or":
        return (eval_item(n[1], item_name, item) or
                eval_item(n[2], item_name, item))
    if k == "pred":
        return any(test_value(n[2], v)
                   for v in values_of(n[1], item_name, item))
    raise AssertionError(k)


def has_special(n):
    k = n[0]
    # "not" negates the whole item-level predicate ("not a = 'x'": no value
    # of a is x), so it never takes part in per-value evaluation.
    if k in ("null", "notnull", "isect", "not"):
        return True
    if k == "pred":
        return n[3]
    if k == "not":
        return has_special(n[1])
    return has_special(n[1]) or has_special(n[2])


def constrained(n, attr):
    """Is attr constrained by a predicate other than is null?"""
    if n is None:
        return False
    k = n[0]
    if k == "pred":
        return n[1] == attr or (n[1] is ITEMNAME and attr is ITEMNAME)
    if k == "notnull":
        return n[1] == attr
    if k == "null":
        return False
    if k == "not":
        return constrained(n[1], attr)
    if k == "or":
        return constrained(n[1], attr) and constrained(n[2], attr)
    return constrained(n[1], attr) or constrained(n[2], attr)


def run_select(params):
    expr = need(params, "SelectExpression")
    q = Parser(expr).parse()
    if q["domain"] not in DOMAINS:
        bad("NoSuchDomain", "The specified domain does not exist.")
    dom = DOMAINS[q["domain"]]
    limit = q["limit"] or DEFAULT_SELECT_LIMIT
    if PAGE_LIMIT and limit > PAGE_LIMIT:
        limit = PAGE_LIMIT
    if q["order"] is not None:
        attr = q["order"][0]
        if attr is not ITEMNAME and not constrained(q["where"], attr):
            bad("InvalidSortExpression", "The sort attribute must be present "
                "in at least one of the predicates, and the predicate cannot "
                "contain the is null operator.")
    matches = [n for n, it in dom.items()
               if q["where"] is None or eval_item(q["where"], n, it)]
    if q["order"] is not None:
        attr, desc = q["order"]
        matches.sort(key=lambda n: min(values_of(attr, n, dom[n]) or [""]),
                     reverse=desc)
    start = 0
    tok = params.get("NextToken")
    fp = hashlib.sha256(expr.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if tok:
        t = read_token(tok, "select")
        if t.get("q") != fp:
            bad("InvalidNextToken", "The specified next token is not valid.")
        start = t["o"]
    if q["out"][0] == "count":
        n = min(len(matches) - start, limit)
        body = ("<Item><Name>Domain</Name>%s</Item>"
                % attr_xml("Count", str(max(n, 0))))
        if start + n < len(matches):
            body += "<NextToken>%s</NextToken>" % make_token(
                {"k": "select", "q": fp, "o": start + n})
        return body
    out, size, i = [], 0, start
    while i < len(matches) and len(out) < limit:
        name = matches[i]
        item = dom[name]
        if q["out"][0] == "all":
            pairs = [(a, v) for a, vs in item.items() for v in vs]
        elif q["out"][0] == "names":
            pairs = [(a, v) for a in q["out"][1] for v in item.get(a, [])]
            if not pairs:
                i += 1
                continue
        else:
            pairs = []
        x = "<Item>%s%s</Item>" % (text_elem("Name", name),
                                   "".join(attr_xml(a, v) for a, v in pairs))
        if out and size + len(x) > MAX_RESPONSE:
            break
        out.append(x)
        size += len(x)
        i += 1
    body = "".join(out)
    if i < len(matches):
        body += "<NextToken>%s</NextToken>" % make_token(
            {"k": "select", "q": fp, "o": i})
    return body


# ---- actions ------------------------------------------------------------------
def a_create(params):
    name = domain_of(params, must_exist=False)
    if name not in DOMAINS:
        if len(DOMAINS) >= MAX_DOMAINS:
            bad("NumberDomainsExceeded", "Too many domains.", 409)
        DOMAINS[name] = {}
    return None


def a_delete(params):
    DOMAINS.pop(domain_of(params, must_exist=False), None)
    return None


def a_list(params):
    mx = params.get("MaxNumberOfDomains", "100")
    if not mx.isdigit() or not 1 <= int(mx) <= 100:
        bad("InvalidParameterValue", "Value (%s) for parameter "
            "MaxNumberOfDomains is invalid. MaxNumberOfDomains must be between "
            "1 and 100." % mx)
    mx = int(mx)
    names = sorted(DOMAINS)
    start = 0
    if params.get("NextToken"):
        start = read_token(params["NextToken"], "domains")["o"]
    page = names[start:start + mx]
    body = "".join("<DomainName>%s</DomainName>" % esc(n) for n in page)
    if start + mx < len(names):
        body += "<NextToken>%s</NextToken>" % make_token(
            {"k": "domains", "o": start + mx})
    return body


def a_metadata(params):
    dom = DOMAINS[domain_of(params)]
    b = lambda s: len(s.encode("utf-8", "surrogatepass"))
    names = {a for it in dom.values() for a in it}
    vals = [v for it in dom.values() for vs in it.values() for v in vs]
    return ("<ItemCount>%d</ItemCount><ItemNamesSizeBytes>%d"
            "</ItemNamesSizeBytes><AttributeNameCount>%d</AttributeNameCount>"
            "<AttributeNamesSizeBytes>%d</AttributeNamesSizeBytes>"
            "<AttributeValueCount>%d</AttributeValueCount>"
            "<AttributeValuesSizeBytes>%d</AttributeValuesSizeBytes>"
            "<Timestamp>%d</Timestamp>"
            % (len(dom), sum(b(n) for n in dom), len(names),
               sum(b(n) for n in names), len(vals), sum(b(v) for v in vals),
               int(time.time())))


def item_name(params, key="ItemName"):
    n = need(params, key)
    check_len("ItemName", n)
    return n


def a_put(params):
    dom = DOMAINS[domain_of(params)]
    name = item_name(params)
    attrs = attrs_of(params, "Attribute", True)
    if not attrs:
        bad("MissingParameter", "No attributes")
    check_expected(params, dom.get(name))
    put_into(dom, name, attrs)
    return None


def batch_items(params, is_put):
    items = indexed(params, "Item")
    if not items:
        bad("MissingParameter", "The request must contain the parameter Item")
    if len(items) > MAX_BATCH:
        bad("NumberSubmittedItemsExceeded",
            "Too many items in a single call. Up to 25 items per call allowed.",
            409)
    out, seen = [], set()
    for it in items:
        n = it.get("ItemName")
        if not n:
            bad("MissingParameter", "Item.ItemName missing")
        check_len("ItemName", n)
        if n in seen:
            bad("DuplicateItemName", "Item %s was specified more than once."
                % n)
        seen.add(n)
        sub = {k: v for k, v in it.items()}
        attrs = attrs_of(sub, "Attribute", is_put)
        if is_put and not attrs:
            bad("MissingParameter", "No attributes for item %s" % n)
        out.append((n, attrs))
    return out


def a_batch_put(params):
    dom = DOMAINS[domain_of(params)]
    items = batch_items(params, True)
    # All or nothing: check every item before writing one.
    trial = {n: {k: list(v) for k, v in dom.get(n, {}).items()}
             for n, _a in items}
    for n, attrs in items:
        put_into(trial, n, attrs)
    dom.update(trial)
    return None


def a_get(params):
    dom = DOMAINS[domain_of(params)]
    name = item_name(params)
    want = [v for k, v in sorted(
        ((int(k.split(".")[1]), v) for k, v in params.items()
         if re.match(r"^AttributeName\.\d+$", k)))]
    item = dom.get(name, {})
    out = []
    for a, vs in item.items():
        if want and a not in want:
            continue
        out.extend(attr_xml(a, v) for v in vs)
    return "".join(out)


def a_delete_attrs(params):
    dom = DOMAINS[domain_of(params)]
    name = item_name(params)
    attrs = attrs_of(params, "Attribute", False)
    check_expected(params, dom.get(name))
    delete_from(dom, name, attrs)
    return None


def a_batch_delete(params):
    dom = DOMAINS[domain_of(params)]
    for n, attrs in batch_items(params, False):
        delete_from(dom, n, attrs)
    return None


ACTIONS = {
    "CreateDomain": a_create, "DeleteDomain": a_delete,
    "ListDomains": a_list, "DomainMetadata": a_metadata,
    "PutAttributes": a_put, "BatchPutAttributes": a_batch_put,
    "GetAttributes": a_get, "DeleteAttributes": a_delete_attrs,
    "BatchDeleteAttributes": a_batch_delete, "Select": run_select,
}
EMPTY_RESULT = {"CreateDomain", "DeleteDomain", "PutAttributes",
                "BatchPutAttributes", "DeleteAttributes",
                "BatchDeleteAttributes"}
PAGE_LIMIT = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        raw = url.query
        if method == "POST":
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n).decode("utf-8", "surrogateescape")
            if url.path == "/__reset":
                with LOCK:
                    DOMAINS.clear()
                self.reply(200, b"reset\n")
                return
            ctype = self.headers.get("Content-Type", "")
            if not ctype.startswith("application/x-www-form-urlencoded"):
                self.reply(400, err_doc("InvalidParameterValue",
                                        "Content-Type must be form-encoded"))
                return
            raw = body
        try:
            pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True,
                                           strict_parsing=bool(raw),
                                           encoding="utf-8",
                                           errors="strict")
        except (ValueError, UnicodeDecodeError):
            self.reply(400, err_doc("InvalidParameterValue",
                                    "Malformed parameters"))
            return
        params = {}
        for k, v in pairs:
            if k in params:
                self.reply(400, err_doc("InvalidParameterValue",
                                        "Parameter %s given twice" % k))
                return
            params[k] = v
        try:
            with LOCK:
                check_signature(method, self.headers.get("Host", ""),
                                url.path, params)
                if params.get("Version") != "2009-04-15":
                    bad("NoSuchVersion", "SimpleDB does not support version %s"
                        % params.get("Version"))
                action = params.get("Action")
                fn = ACTIONS.get(action)
                if fn is None:
                    bad("InvalidAction", "The action %s is not valid for this "
                        "web service." % action)
                result = fn(params)
            if action in EMPTY_RESULT:
                self.reply(200, ok_doc(action))
            else:
                self.reply(200, ok_doc(action, result or ""))
        except SdbError as e:
            self.reply(e.status, err_doc(e.code, e.message))

    def do_POST(self):
        self.handle_any("POST")

    def do_GET(self):
        self.handle_any("GET")


def main():
    global PAGE_LIMIT
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--access-key",
                    default=os.environ.get("SDB_ACCESS_KEY", "AKIDSDBTEST0001"))
    ap.add_argument("--secret-key",
                    default=os.environ.get("SDB_SECRET_KEY",
                                           "sdb/test+secret/KEY0000000001"))
    ap.add_argument("--page-limit", type=int, default=0,
                    help="cap every Select page (tests paging)")
    args = ap.parse_args()
    KEYS[args.access_key] = args.secret_key
    PAGE_LIMIT = args.page_limit
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
