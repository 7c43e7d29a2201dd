#!/bin/sh
# cboto-sdb against the SimpleDB test server (signatures checked): every
# command in text and JSON, conditional puts, batch-put's line format, a
# select walking several NextToken pages, the error paths (exit 1 with the
# AWS code on stderr, exit 2 for usage errors) and the --debug redaction.
set -u
top=${top_srcdir:-.}
exec sh "$top/tests/integration/with-sdb.sh" sh -c '
set -u
T=./examples/cboto-sdb
export AWS_ENDPOINT_URL=$CBOTO_SDB_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_SDB_AK
export AWS_SECRET_ACCESS_KEY=$CBOTO_SDB_SK AWS_REGION=us-east-1
export AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
unset AWS_SESSION_TOKEN AWS_PROFILE
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-cli-sdb.XXXXXX")
trap "rm -rf \"$work\"" EXIT
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); [ -f "$work/err" ] && sed "s/^/    /" "$work/err"; }
# expect NAME EXIT-CODE COMMAND...: the exit code, output in $work/out,$work/err
expect() {
    name=$1; want=$2; shift 2
    "$@" >"$work/out" 2>"$work/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name (exit $got, wanted $want)"; fi
}
has() { if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1"; sed "s/^/    /" "$3"; fi; }
hasnt() { if grep -q -- "$2" "$3"; then bad "$1"; sed "s/^/    /" "$3"; else ok "$1"; fi; }
# pyjson NAME EXPR: $work/out parses as JSON d and EXPR holds
pyjson() {
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $2, d" "$work/out" 2>"$work/pyerr"; then
        ok "$1"; else bad "$1"; sed "s/^/    /" "$work/pyerr" "$work/out"; fi
}
curl -s -o /dev/null -X POST "$CBOTO_SDB_ENDPOINT/__reset"

# Domains.
expect create_domain 0 $T create-domain cli-dom
has create_domain_text "create-domain: cli-dom" "$work/out"
expect create_domain_json 0 $T --output json create-domain cli-other
pyjson create_domain_json_parses "d[\"Domain\"]==\"cli-other\""
expect list_domains 0 $T list-domains
has list_domains_text "^cli-dom$" "$work/out"
expect list_domains_json 0 $T --output json list-domains
pyjson list_domains_json_parses "sorted(d[\"DomainNames\"])==[\"cli-dom\",\"cli-other\"]"
expect delete_domain 0 $T delete-domain cli-other
expect list_after_delete 0 $T list-domains
hasnt deleted_domain_gone "cli-other" "$work/out"

# put, get, delete.
expect put 0 $T put cli-dom item1 color=red size=L size=M "note=a b=c"
has put_text "put: cli-dom item1" "$work/out"
expect get 0 $T get cli-dom item1
has get_color "^color=red$" "$work/out"
has get_multi "^size=M$" "$work/out"
has get_first_equals_splits "^note=a b=c$" "$work/out"
expect get_json 0 $T --output json get cli-dom item1 size --consistent
pyjson get_json_parses "d[\"Name\"]==\"item1\" and sorted(a[\"Value\"] for a in d[\"Attributes\"])==[\"L\",\"M\"]"
expect put_replace 0 $T put cli-dom item1 size=XL --replace size
expect get_replaced 0 $T --output json get cli-dom item1 size
pyjson replace_replaced "[a[\"Value\"] for a in d[\"Attributes\"]]==[\"XL\"]"
expect put_expect_ok 0 $T put cli-dom item1 color=blue --replace --expect color=red
expect put_expect_fails 1 $T put cli-dom item1 color=green --replace --expect color=red
has put_expect_code "ConditionalCheckFailed" "$work/err"
expect put_expect_absent_fails 1 $T put cli-dom item1 color=green --expect-absent color
expect put_expect_absent_ok 0 $T --output json put cli-dom item1 shape=round --expect-absent shape
pyjson put_json_parses "d[\"Action\"]==\"put\" and d[\"Item\"]==\"item1\""
printf "caf\303\251 <&> \"x\"" >"$work/v"
expect put_utf8 0 $T put cli-dom item2 "word=$(cat "$work/v")"
expect get_utf8_json 0 $T --output json get cli-dom item2
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"Attributes\"][0][\"Value\"]==open(sys.argv[2],encoding=\"utf-8\").read(), d" "$work/out" "$work/v" &&
    ok utf8_round_trip || bad utf8_round_trip
expect delete_value 0 $T delete cli-dom item1 "note=a b=c"
expect delete_name 0 $T delete cli-dom item1 shape
expect get_after_delete 0 $T get cli-dom item1
hasnt deleted_value_gone "^note=" "$work/out"
hasnt deleted_name_gone "^shape=" "$work/out"
has others_kept "^color=blue$" "$work/out"
expect delete_item 0 $T --output json delete cli-dom item1
pyjson delete_json_parses "d[\"Action\"]==\"delete\""
expect get_deleted_item 0 $T get cli-dom item1
[ -s "$work/out" ] && bad deleted_item_empty || ok deleted_item_empty

# batch-put: one item a line, backslash escapes, comments skipped.
{
    printf "%s\\n" "# a comment" "b1 color=red n=1" ""
    printf "%s\\n" "b2 color=green n=2 say=hello\\ world tab=a\\tb"
    printf "%s\\n" "b3 color=blue n=3 a\\=b=eq"
} >"$work/batch.txt"
expect batch_put 0 $T batch-put cli-dom "$work/batch.txt"
has batch_put_text "3 items" "$work/out"
expect batch_get 0 $T --output json get cli-dom b2
pyjson batch_escapes "{a[\"Name\"]:a[\"Value\"] for a in d[\"Attributes\"]}=={\"color\":\"green\",\"n\":\"2\",\"say\":\"hello world\",\"tab\":\"a\\tb\"}"
expect batch_get_eq 0 $T get cli-dom b3 a=b
has batch_escaped_equals "^a=b=eq$" "$work/out"
expect batch_stdin_json 0 sh -c "printf \"s1 k=v\\ns2 k=w\\n\" | $T --output json batch-put cli-dom -"
pyjson batch_json_parses "d[\"Items\"]==2"
printf "ok1 a=1\nbroken-line-without-pairs\n" >"$work/badbatch.txt"
expect batch_malformed 2 $T batch-put cli-dom "$work/badbatch.txt"
has batch_malformed_line ":2:" "$work/err"
expect batch_malformed_sent_nothing 0 $T get cli-dom ok1
[ -s "$work/out" ] && bad batch_malformed_nothing_sent || ok batch_malformed_nothing_sent
expect batch_missing_file 1 $T batch-put cli-dom "$work/no-such-file"

# select: a table in text, a list of items in JSON.
expect select_text 0 $T select "select * from \`cli-dom\` where color is not null order by color"
has select_header "^Item  *color  *n" "$work/out"
has select_row "^b2  *green  *2" "$work/out"
expect select_json 0 $T --output json select "select color from \`cli-dom\` where n = \"3\"" --consistent
pyjson select_json_parses "d[\"Items\"]==[{\"Name\":\"b3\",\"Attributes\":[{\"Name\":\"color\",\"Value\":\"blue\"}]}]"
expect select_count 0 $T select "select count(*) from \`cli-dom\`"
has select_count_text "Count" "$work/out"
# 30 items, 7 a page: the walk follows NextToken over five pages.
i=0; : >"$work/thirty.txt"
while [ $i -lt 30 ]; do echo "p$i group=paged i=$i" >>"$work/thirty.txt"; i=$((i + 1)); done
expect batch_thirty 0 $T batch-put cli-dom "$work/thirty.txt"
expect select_pages 0 $T --debug --output json select "select * from \`cli-dom\` where group = \"paged\" limit 7"
pyjson select_all_pages "sorted(i[\"Name\"] for i in d[\"Items\"])==sorted(\"p%d\" % i for i in range(30))"
n=$(grep -c "^> POST" "$work/err")
[ "$n" -eq 5 ] && ok select_five_pages || bad "select_five_pages ($n requests)"
expect select_text_pages 0 $T select "select * from \`cli-dom\` where group = \"paged\" limit 7"
n=$(grep -c "^p[0-9]" "$work/out")
[ "$n" -eq 30 ] && ok select_text_30_rows || bad "select_text_30_rows ($n)"
expect select_max_items 0 $T --output json select "select * from \`cli-dom\` where group = \"paged\" limit 7" --max-items 10
pyjson select_max_items_10 "len(d[\"Items\"])==10"

# domain-metadata.
expect metadata 0 $T domain-metadata cli-dom
has metadata_text "^ItemCount: *3[0-9]" "$work/out"
expect metadata_json 0 $T --output json domain-metadata cli-dom
pyjson metadata_json_parses "d[\"ItemCount\"]>=30 and \"AttributeValueCount\" in d"

# Errors: the AWS code on stderr and exit 1; usage errors exit 2.
expect missing_domain 1 $T domain-metadata no-such-dom
has missing_domain_code "NoSuchDomain" "$work/err"
expect missing_domain_select 1 $T select "select * from \`no-such-dom\`"
has missing_domain_select_code "NoSuchDomain" "$work/err"
expect missing_domain_put 1 $T put no-such-dom i a=1
has missing_domain_put_code "NoSuchDomain" "$work/err"
expect bad_select 1 $T select "select * frum x"
has bad_select_code "InvalidQueryExpression" "$work/err"
expect wrong_secret 1 env AWS_SECRET_ACCESS_KEY=wrong $T list-domains
has wrong_secret_code "SignatureDoesNotMatch" "$work/err"
expect bad_option 2 $T get cli-dom b1 --bogus
has bad_option_help "Try .cboto-sdb --help." "$work/err"
expect bad_global 2 $T --bogus list-domains
expect bad_output 2 $T --output yaml list-domains
expect unknown_command 2 $T frobnicate
expect no_command 2 $T
expect bad_domain_name 2 $T create-domain "a!"
expect put_no_pairs 2 $T put cli-dom item1
expect put_not_a_pair 2 $T put cli-dom item1 justaname
expect put_two_conditions 2 $T put cli-dom item1 a=1 --expect a=1 --expect-absent b
expect replace_unknown 2 $T put cli-dom item1 a=1 --replace b
expect max_items_bad 2 $T select "select * from x" --max-items 0
expect max_items_junk 2 $T select "select * from x" --max-items 5x
expect too_many_args 2 $T delete-domain a b
expect help 0 $T --help
has help_text "usage: cboto-sdb" "$work/out"
expect help_put 0 $T put --help
has help_put_text "expect-absent" "$work/out"
expect help_batch 0 $T batch-put --help
has help_batch_format "ITEM name=value" "$work/out"
expect version 0 $T --version
has version_text "cboto-sdb (cboto)" "$work/out"

# --debug shows the exchange but no secret or signature.
expect debug 0 $T --debug get cli-dom b1
has debug_shows_request "> POST" "$work/err"
has debug_shows_response "< HTTP 200" "$work/err"
hasnt debug_hides_secret "$AWS_SECRET_ACCESS_KEY" "$work/err"
hasnt debug_hides_signature "Signature=[^<]" "$work/err"
expect debug_token 0 env AWS_SESSION_TOKEN=cli-secret-session-token $T --debug list-domains
hasnt debug_hides_token "cli-secret-session-token" "$work/err"

expect delete_domain_end 0 $T delete-domain cli-dom
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
'
