#!/usr/bin/env bash
# The consent recogniser measured over the labelled corpus: per language and label, what it acts on, then opt-out
# precision and recall and the misses (the same table the corpus test prints). Pure: no servers.
#
#   deploy/consent-corpus.sh                 # tests/Sms.Compliance.Tests/Corpus/consent-messages.tsv
#   deploy/consent-corpus.sh other.tsv       # any file of language<TAB>label<TAB>text lines
#
# SMS_CONFIGURATION (Release) picks the build; SMS_CORPUS_NO_BUILD=1 runs what is built.
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIGURATION=${SMS_CONFIGURATION:-Release}
cd "$SMS_ROOT"
if [[ "${SMS_CORPUS_NO_BUILD:-0}" != 1 ]]; then
  dotnet build tests/Sms.Benchmark -c "$CONFIGURATION" -v quiet -nologo >/dev/null
fi
exec dotnet "tests/Sms.Benchmark/bin/$CONFIGURATION/net10.0/Sms.Benchmark.dll" consent-corpus "$@"
