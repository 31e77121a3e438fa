using System.Globalization;
using System.Text.Json;
using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.State;

/// <summary>Body of <c>POST /simulator/faults</c>: <c>{"to": "+15550100001", "status": "1", "times": 2}</c>.</summary>
public sealed record FaultRequest(string? To, JsonElement Status, int? Times);

/// <summary>Checks a <see cref="FaultRequest"/>. Pure.</summary>
public static class FaultRules
{
    public static Fault? Parse(FaultRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var to = request.To is null ? null : Msisdn.WithoutPlus(request.To);
        if (string.IsNullOrEmpty(to) || !Msisdn.IsValid(to))
            errors["to"] = ["Required: the destination number, 7 to 15 digits with an optional leading +."];

        int? status = request.Status.ValueKind switch
        {
            JsonValueKind.Number when request.Status.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(request.Status.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
        if (status is not (>= 1 and <= 99))
            errors["status"] = ["Required: the Vonage status to answer, 1 to 99 (0 is success, which needs no fault)."];

        var times = request.Times ?? 1;
        if (times < 1)
            errors["times"] = ["How many sends answer the fault: 1 or more (default 1)."];

        return errors.Count == 0 ? new Fault(to!, status!.Value, times) : null;
    }
}
