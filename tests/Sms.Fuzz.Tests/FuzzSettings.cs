using System.Globalization;

namespace Sms.Fuzz.Tests;

/// <summary>
/// How long and with which seed the fuzz test runs: <c>SMS_FUZZ_ITERATIONS</c> (requests and carrier messages, 500 by
/// default), <c>SMS_FUZZ_SEED</c> (a new one each run unless given; printed, so a failing run can be repeated) and
/// <c>SMS_FUZZ_SECONDS</c> (a bound on the sending, 90 by default so the test suite's run stays short; 0: none).
/// <c>SMS_FUZZ_SERVICE</c> (e.g. <c>Sms.Campaigns</c>) sends the hostile requests to that service's endpoints only, to
/// fuzz a new or changed service harder; the carriers' webhooks go on as ever.
/// The platform's ports start at <c>SMS_FUZZ_PORT_BASE</c> (8000: Ingress 8100 … simulator 8900; the end-to-end suite
/// uses 6000 and 7000).
/// </summary>
public sealed record FuzzSettings(int Iterations, int Seed, TimeSpan? SendingLimit, int PortBase, string? Service = null)
{
    public static FuzzSettings FromEnvironment()
    {
        var iterations = Read("SMS_FUZZ_ITERATIONS") ?? 500;
        var seed = Read("SMS_FUZZ_SEED") ?? Random.Shared.Next(1, int.MaxValue);
        var seconds = Read("SMS_FUZZ_SECONDS") ?? 90;
        var service = Environment.GetEnvironmentVariable("SMS_FUZZ_SERVICE") is { Length: > 0 } named ? named : null;
        return new FuzzSettings(iterations, seed, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, Read("SMS_FUZZ_PORT_BASE") ?? 8000, service);
    }

    /// <summary>The command that repeats this run.</summary>
    public string Repeat => (Service is null ? "" : $"SMS_FUZZ_SERVICE={Service} ") + $"deploy/fuzz.sh {Iterations} {Seed}";

    private static int? Read(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
