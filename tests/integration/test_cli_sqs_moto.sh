#!/bin/sh
# cboto-sqs against moto (signature checking on): every command in text and
# JSON, queues by name and by URL, a round trip of a body with XML-special
# and non-ASCII characters and of message and queue attributes, FIFO
# queues, the error paths (exit 1 with the AWS code on stderr, exit 2 for
# usage errors) and the --debug redaction.
set -u
top=${top_srcdir:-.}
exec sh "$top/tests/integration/with-moto.sh" sh -c '
set -u
T=./examples/cboto-sqs
export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK
export AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1
export AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
unset AWS_SESSION_TOKEN AWS_PROFILE
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-cli-sqs.XXXXXX")
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

# Queues.
expect create 0 $T create cli-q --attr VisibilityTimeout=45 MessageRetentionPeriod=3600
has create_prints_url "^http://.*/cli-q$" "$work/out"
url=$(cat "$work/out")
expect create_json 0 $T --output json create cli-other
pyjson create_json_parses "d[\"QueueUrl\"].endswith(\"/cli-other\")"
expect create_fifo 0 $T --output json create cli-fifo --fifo
pyjson create_fifo_name "d[\"QueueUrl\"].endswith(\"/cli-fifo.fifo\")"
expect list 0 $T list
has list_text "/cli-q$" "$work/out"
expect list_prefix_json 0 $T --output json list cli-o
pyjson list_prefix_json_parses "len(d[\"QueueUrls\"])==1 and d[\"QueueUrls\"][0].endswith(\"/cli-other\")"
expect url 0 $T url cli-q
[ "$(cat "$work/out")" = "$url" ] && ok url_matches_create || bad url_matches_create
expect url_json 0 $T --output json url cli-q
pyjson url_json_parses "d[\"QueueUrl\"]==\"$url\""

# Queue attributes: read, set, read back; by name and by URL.
expect attrs 0 $T attrs cli-q
has attrs_text "^VisibilityTimeout=45$" "$work/out"
has attrs_retention "^MessageRetentionPeriod=3600$" "$work/out"
expect attrs_set 0 $T attrs "$url" VisibilityTimeout=31 MaximumMessageSize=2048
has attrs_set_text "set: VisibilityTimeout=31" "$work/out"
expect attrs_json 0 $T --output json attrs cli-q VisibilityTimeout MaximumMessageSize
pyjson attrs_round_trip "d[\"Attributes\"]=={\"VisibilityTimeout\":\"31\",\"MaximumMessageSize\":\"2048\"}"
expect attrs_set_json 0 $T --output json attrs cli-q VisibilityTimeout=30
pyjson attrs_set_json_parses "d[\"Attributes\"]=={\"VisibilityTimeout\":\"30\"}"
expect attrs_bad_value 2 $T attrs cli-q VisibilityTimeout=abc
expect attrs_mixed 2 $T attrs cli-q VisibilityTimeout DelaySeconds=1

# Messages: a body with XML-special and non-ASCII characters, attributes.
printf "<a href=\"x&amp;y\"> & </a> caf\303\251 \342\202\254 \360\237\231\202 ]]>" >"$work/body"
expect send 0 $T send cli-q "$(cat "$work/body")" --attr "s=String:$(printf "h\303\251llo")" n=Number:42 b=Binary:AAEC/w== t=String.custom:x\<y
has send_prints_id "^[0-9a-f-]\{30,\}$" "$work/out"
expect receive_json 0 $T --output json receive cli-q --max 10 --visibility 0
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
m = d[\"Messages\"]
assert len(m) == 1, d
m = m[0]
assert m[\"Body\"] == open(sys.argv[2], encoding=\"utf-8\").read(), m[\"Body\"]
assert m[\"MessageId\"] and m[\"ReceiptHandle\"], m
a = m[\"MessageAttributes\"]
assert a[\"s\"] == {\"DataType\": \"String\", \"StringValue\": \"h\u00e9llo\"}, a
assert a[\"n\"] == {\"DataType\": \"Number\", \"StringValue\": \"42\"}, a
assert a[\"b\"] == {\"DataType\": \"Binary\", \"BinaryValue\": \"AAEC/w==\"}, a
assert a[\"t\"] == {\"DataType\": \"String.custom\", \"StringValue\": \"x<y\"}, a
assert \"SentTimestamp\" in m[\"Attributes\"], m
" "$work/out" "$work/body" 2>"$work/pyerr" && ok body_and_attributes_round_trip ||
    { bad body_and_attributes_round_trip; cat "$work/pyerr" "$work/out"; }
handle=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"Messages\"][0][\"ReceiptHandle\"])" "$work/out")
expect receive_text 0 $T receive "$url" --visibility 0
printf "\n" >>"$work/body"
cmp -s "$work/out" "$work/body" && ok receive_text_body || bad receive_text_body
expect delete_message 0 $T delete cli-q "$handle"
has delete_text "delete: " "$work/out"
expect receive_after_delete 0 $T --output json receive cli-q --max 10
pyjson queue_empty_after_delete "d[\"Messages\"]==[]"
expect send_stdin 0 sh -c "printf \"line one\\nline two\" | $T --output json send cli-q -"
pyjson send_json_parses "len(d[\"MessageId\"])>0 and len(d[\"MD5OfMessageBody\"])==32"
expect send_delayed 0 $T send cli-q later --delay 1
expect receive_wait_delete 0 $T receive cli-q --max 10 --wait 3 --delete
has receive_stdin_body "^line two$" "$work/out"
sleep 1
expect receive_delayed 0 $T receive cli-q --max 10 --wait 3 --delete
[ "$(grep -c . "$work/out")" -ge 1 ] && ok receive_delayed_got || bad receive_delayed_got
expect receive_after_receive_delete 0 $T --output json receive cli-q --max 10
pyjson received_were_deleted "d[\"Messages\"]==[]"
expect send_for_purge 0 $T send cli-q doomed
expect purge 0 $T purge cli-q
has purge_text "purge: $url" "$work/out"
expect receive_after_purge 0 $T --output json receive cli-q --max 10
pyjson purged "d[\"Messages\"]==[]"

# FIFO queues need a group id.
expect fifo_no_group 2 $T send cli-fifo.fifo hi
expect fifo_send 0 $T --output json send cli-fifo.fifo hi --group-id g1 --dedup-id d1
pyjson fifo_sequence "\"SequenceNumber\" in d"
expect fifo_receive 0 $T receive cli-fifo.fifo
has fifo_body "^hi$" "$work/out"

# Errors: the AWS code on stderr and exit 1; usage errors exit 2.
expect missing_queue_url 1 $T url no-such-queue
has missing_queue_code "NonExistentQueue" "$work/err"
expect missing_queue_send 1 $T send no-such-queue hi
has missing_queue_send_code "NonExistentQueue" "$work/err"
expect wrong_secret 1 env AWS_SECRET_ACCESS_KEY=wrong $T list
has wrong_secret_code "SignatureDoesNotMatch\|InvalidClientTokenId\|IncompleteSignature" "$work/err"
expect bad_option 2 $T receive cli-q --bogus
has bad_option_help "Try .cboto-sqs --help." "$work/err"
expect bad_max 2 $T receive cli-q --max 11
expect bad_wait 2 $T receive cli-q --wait 21
expect bad_delay 2 $T send cli-q x --delay 901
expect bad_delay_junk 2 $T send cli-q x --delay 1s
expect bad_attr 2 $T send cli-q x --attr nocolon=String
expect bad_binary 2 $T send cli-q x --attr b=Binary:@@@
expect empty_body 2 $T send cli-q ""
expect no_body 2 $T send cli-q
expect bad_global 2 $T --bogus list
expect unknown_command 2 $T frobnicate
expect no_command 2 $T
expect delete_args 2 $T delete cli-q
expect help 0 $T --help
has help_text "usage: cboto-sqs" "$work/out"
expect help_send 0 $T send --help
has help_send_text "Type:VALUE" "$work/out"
expect help_receive 0 $T receive --help
has help_receive_text "visibility" "$work/out"
expect version 0 $T --version
has version_text "cboto-sqs (cboto)" "$work/out"

# --debug shows the exchange but no secret, signature or token.
expect debug 0 $T --debug attrs cli-q
has debug_shows_request "> POST" "$work/err"
has debug_redacts_signature "Signature=<redacted>" "$work/err"
hasnt debug_hides_secret "$AWS_SECRET_ACCESS_KEY" "$work/err"
AWS_SESSION_TOKEN=cli-secret-session-token $T --debug list >"$work/out" 2>"$work/err"
hasnt debug_hides_token "cli-secret-session-token" "$work/err"

# Queues go.
expect delete_queue 0 $T delete-queue cli-q
expect delete_queue_json 0 $T --output json delete-queue "$CBOTO_TEST_ENDPOINT/123456789012/cli-other"
pyjson delete_queue_json_parses "d[\"Action\"]==\"delete-queue\""
expect delete_queue_fifo 0 $T delete-queue cli-fifo.fifo
expect deleted_queue_gone 1 $T delete-queue cli-q
has deleted_queue_code "NonExistentQueue" "$work/err"
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
'
