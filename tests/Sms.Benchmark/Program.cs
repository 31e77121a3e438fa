// Sms.Benchmark: the benchmark command (deploy/bench.sh starts the platform for it). Open-loop load against the
// running platform, timed from each send's due time, compared with a floor that makes the same broker hops with no
// logic. `consent-corpus [path]` prints the consent recogniser's table over the labelled corpus. `inbox-queries` times the inbox's queries over a million generated messages. Not a test: the test command
// never runs it.
using Sms.Benchmark;
using Sms.Benchmark.Cli;
using Sms.Benchmark.Floor;
using Sms.Benchmark.Inbox;
using Sms.Benchmark.Platform;

if (args is ["floor-host", ..]) return await FloorHost.RunAsync(args[1..]);
if (args is ["inbox-queries", ..]) return await InboxQueries(args[1..]);
if (args is ["consent-corpus", ..]) return ConsentCorpus(args[1..]);

var flags = args is ["run", ..] ? args[1..] : args;
if (flags.Contains("--help") || flags.Contains("-h"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

BenchmarkOptions options;
PlatformSettings settings;
try
{
    options = BenchmarkOptions.Parse(flags);
    settings = PlatformSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (Exception e) when (e is UsageException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

return await UntilCtrlCAsync(stop => new BenchmarkRun(options, settings, Console.Out).ExecuteAsync(stop));

static int ConsentCorpus(string[] flags)
{
    var path = flags is [var given, ..] ? given : Path.Combine("tests", "Sms.Compliance.Tests", "Corpus", "consent-messages.tsv");
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"No corpus at {path}: consent-corpus [path to a language<TAB>label<TAB>text file]");
        return 2;
    }
    var result = Sms.Compliance.Tests.Corpus.CorpusEvaluation.Evaluate(
        new Sms.Compliance.Keywords.KeywordClassifier(new Sms.Compliance.Extensions.KeywordOptions()),
        Sms.Compliance.Tests.Corpus.CorpusEvaluation.Parse(File.ReadAllText(path)));
    Console.Write(Sms.Compliance.Tests.Corpus.CorpusEvaluation.Table(result));
    return 0;
}

static async Task<int> InboxQueries(string[] flags)
{
    if (flags.Contains("--help") || flags.Contains("-h"))
    {
        Console.WriteLine(InboxQueryOptions.Usage);
        return 0;
    }
    InboxQueryOptions options;
    try
    {
        options = InboxQueryOptions.Parse(flags);
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine();
        Console.Error.WriteLine(InboxQueryOptions.Usage);
        return 2;
    }

    return await UntilCtrlCAsync(stop => new InboxQueryBenchmark(options, Console.Out).ExecuteAsync(stop));
}

// Runs a command that Ctrl+C stops cleanly (exit code 130, as a shell reports an interrupted command).
static async Task<int> UntilCtrlCAsync(Func<CancellationToken, Task<int>> command)
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    try
    {
        return await command(stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("stopped");
        return 130;
    }
}
