#!/usr/bin/env bash
# Drift detection from cron, e.g. every 15 minutes:
#   */15 * * * *  /opt/share/drift-cron.sh
# Exit codes of `share drift`: 0 in sync, 2 drift, 1 error. The JSON report goes to the
# alerting webhook on drift or error; nothing is sent when in sync.
set -uo pipefail

manifest=${SHARE_MANIFEST:-/opt/share/manifests/prod.yaml}
webhook=${SHARE_ALERT_WEBHOOK:?set SHARE_ALERT_WEBHOOK to your alerting endpoint}

report=$(share drift "$manifest" --format json -q)
code=$?
case "$code" in
  0) exit 0 ;;
  2) subject="share: drift detected in $(basename "$manifest")" ;;
  *) subject="share: drift check failed for $(basename "$manifest") (exit $code)" ;;
esac
printf '%s\n' "$report" | curl --silent --show-error --fail \
  -H 'Content-Type: application/json' \
  --data-binary @- "$webhook?subject=$(printf %s "$subject" | jq -sRr @uri)"
exit "$code"
