using System.Globalization;
using System.Text.Json;
using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.State;

/// <summary>
/// Body of <c>POST /simulator/faults</c>: <c>{"to": "+15550100001", "status": "1", "times": 2}</c> (Vonage status),
/// <c>{"to": …, "httpStatus": 503}</c> (HTTP error), <c>{"to": …, "drop": true}</c> (connection dropped without an
/// answer), optionally with <c>"delayMs": 3000</c> (answer late; alone: accept late).
/// </summary>
public sealed record FaultRequest(string? To, JsonElement Status, int? Times, int? HttpStatus = null, int? DelayMs = null, bool? Drop = null);

/// <summary>Checks a <see cref="FaultRequest"/>. Pure.</summary>
public static class FaultRules
{
    public const int MaxDelayMilliseconds = 120_000;

    public static Fault? Parse(FaultRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var to = request.To is null ? null : Msisdn.WithoutPlus(request.To);
        if (string.IsNullOrEmpty(to) || !Msisdn.IsValid(to))
            errors["to"] = ["Required: the destination number, 7 to 15 digits with an optional leading +."];

        var statusGiven = request.Status.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        int? status = request.Status.ValueKind switch
        {
            JsonValueKind.Number when request.Status.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(request.Status.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
        var drop = request.Drop ?? false;
        var outcomes = (statusGiven ? 1 : 0) + (request.HttpStatus is null ? 0 : 1) + (drop ? 1 : 0);

        if (outcomes > 1)
            errors["status"] = ["Give one of status (a Vonage status), httpStatus or drop, not several."];
        else if (outcomes == 0 && request.DelayMs is null)
            errors["status"] = ["Required: the Vonage status to answer, 1 to 99 (0 is success, which needs no fault); or httpStatus, drop or delayMs."];
        else if (statusGiven && status is not (>= 1 and <= 99))
            errors["status"] = ["Required: the Vonage status to answer, 1 to 99 (0 is success, which needs no fault)."];

        if (request.HttpStatus is { } httpStatus && httpStatus is not (429 or (>= 500 and <= 599)))
            errors["httpStatus"] = ["The HTTP status to answer: 429 or 500 to 599."];

        if (request.DelayMs is { } delay && delay is < 1 or > MaxDelayMilliseconds)
            errors["delayMs"] = [$"How long to wait before answering: 1 to {MaxDelayMilliseconds} ms."];

        var times = request.Times ?? 1;
        if (times < 1)
            errors["times"] = ["How many sends answer the fault: 1 or more (default 1)."];

        return errors.Count == 0
            ? new Fault(to!, statusGiven ? status : null, times, request.HttpStatus, request.DelayMs, drop)
            : null;
    }
}
