#!/usr/bin/env bash
# Shows the two-way loop on a running platform (start it first with deploy/start.sh in another terminal):
# an appointment reminder with a YES/NO prompt, the customer's "yes" and its automatic confirmation, a message the
# automation cannot answer (acknowledged and escalated to an agent), and STOP suppressing a later send.
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$SMS_ROOT/deploy/scripts/platform.sh"
load_env_file "$SMS_ROOT/deploy/local.env"

API_KEY="$Api__Keys__0"
CUSTOMER="${1:-+4477009$(printf '%05d' $((RANDOM % 100000)))1}"
BUSINESS="$Vonage__DefaultFrom"
ENC_CUSTOMER=${CUSTOMER/+/%2B}

curl -fs -o /dev/null http://127.0.0.1:5100/health/ready || { echo "The platform is not running: start it with deploy/start.sh" >&2; exit 1; }

pretty() { if command -v python3 >/dev/null; then python3 -m json.tool; else cat; echo; fi; }
customer_says() {
  step "customer $CUSTOMER replies: \"$1\""
  curl -fsS -X POST http://127.0.0.1:5900/simulator/inbound -H 'Content-Type: application/json' \
    -d "{\"from\":\"$CUSTOMER\",\"to\":\"$BUSINESS\",\"text\":\"$1\"}" >/dev/null
}
carrier_count() { curl -fsS "http://127.0.0.1:5900/simulator/messages?to=$ENC_CUSTOMER" | grep -o '"clientRef"' | wc -l; }
wait_carrier() { # wait_carrier <count>: until the carrier holds that many messages for the customer
  for _ in $(seq 100); do [ "$(carrier_count)" -ge "$1" ] && return 0; sleep 0.1; done
  echo "timed out waiting for the carrier" >&2; return 1
}
last_at_carrier() {
  curl -fsS "http://127.0.0.1:5900/simulator/messages?to=$ENC_CUSTOMER" |
    sed 's/},{/}\n{/g' | tail -n 1 | sed -n 's/.*"text":"\([^"]*\)".*/  carrier got: "\1"/p'
  echo
}

step "an upstream system sends an appointment reminder with a YES/NO prompt"
curl -fsS -X POST http://127.0.0.1:5100/v1/messages -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' -d @- <<JSON | pretty
{
  "to": "$CUSTOMER",
  "text": "Reminder: your appointment is tomorrow at 10:00. Reply YES to confirm or NO to reschedule.",
  "category": "transactional",
  "prompt": {
    "sessionType": "appointment_reminder",
    "options": { "1": "confirm_appointment", "YES": "confirm_appointment", "2": "reschedule_request", "NO": "reschedule_request" },
    "autoResponses": {
      "confirm_appointment": "Thanks, your appointment is confirmed. See you tomorrow!",
      "reschedule_request": "No problem, a team member will contact you to find a new time."
    },
    "context": { "appointmentId": "A-1001" }
  }
}
JSON
wait_carrier 1; last_at_carrier
# The customer reads the message before answering: wait until the router holds the session its reply is matched to.
for _ in $(seq 100); do
  [ "$(curl -fsS "http://127.0.0.1:5200/v1/sessions/$ENC_CUSTOMER" -H "X-Api-Key: $API_KEY")" != "[]" ] && break
  sleep 0.1
done

customer_says "yes"; wait_carrier 2; last_at_carrier
customer_says "Can I bring my dog?"; wait_carrier 3; last_at_carrier
customer_says "STOP"; wait_carrier 4; last_at_carrier

step "an upstream system tries to send again after STOP"
curl -fsS -X POST http://127.0.0.1:5100/v1/messages -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
  -d "{\"to\":\"$CUSTOMER\",\"text\":\"Last chance: 20% off today\",\"category\":\"marketing\"}" | pretty
sleep 2
echo "  carrier holds $(carrier_count) messages for the customer: the send after STOP never reached it"

step "the thread in Conversations"
thread=$(curl -fsS "http://127.0.0.1:5500/v1/conversations/by-number/$ENC_CUSTOMER/messages" -H "X-Api-Key: $API_KEY")
if command -v python3 >/dev/null; then
  echo "$thread" | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    row = [m["direction"], m["status"], m["origin"] or "", m["handledBy"] or "", m["text"]]
    print("  %-8s %-10s %-11s %-11s %s" % tuple(row))'
else
  echo "$thread"
fi
step "the consent ledger in Compliance"
curl -fsS "http://127.0.0.1:5300/v1/consent/$ENC_CUSTOMER" -H "X-Api-Key: $API_KEY" | pretty
