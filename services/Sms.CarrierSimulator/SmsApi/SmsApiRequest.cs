namespace Sms.CarrierSimulator.SmsApi;

/// <summary>What arrived on <c>POST /sms/json</c>: the form (and query) parameters and the Authorization header.</summary>
public sealed record SmsApiRequest(IReadOnlyDictionary<string, string> Parameters, string? Authorization)
{
    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
