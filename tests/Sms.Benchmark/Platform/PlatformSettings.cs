using Sms.Benchmark.Load;
using Sms.Carriers.Vonage;

namespace Sms.Benchmark.Platform;

/// <summary>
/// The platform's settings the benchmark needs, read from the same environment variables the services read
/// (deploy/local.env): secrets stay off the command line.
/// </summary>
public sealed record PlatformSettings(WebhookSigning Signing, string ApiKey, string BusinessNumber)
{
    public static PlatformSettings FromEnvironment(Func<string, string?> variable)
    {
        string Required(string name) => variable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run through deploy/bench.sh, or export the platform's settings (deploy/local.env).");

        var methodName = variable("Vonage__SignatureMethod") ?? "md5hash";
        if (!VonageSignature.TryParseMethod(methodName, out var method))
            throw new InvalidOperationException($"Vonage__SignatureMethod '{methodName}' is not md5hash, md5, sha1, sha256 or sha512.");
        return new PlatformSettings(
            new WebhookSigning(Required("Vonage__SignatureSecret"), method, variable("Vonage__ApiKey") ?? "benchmark"),
            Required("Api__Keys__0"),
            Required("Vonage__DefaultFrom"));
    }
}
