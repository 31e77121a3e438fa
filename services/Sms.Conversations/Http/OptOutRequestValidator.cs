using Sms.ServiceDefaults.Numbers;

namespace Sms.Conversations.Http;

/// <summary>The checks of <c>POST /v1/contacts/{number}/opt-out</c>: the reason's length, the business number, and the <see cref="InboxEndpoints.IdempotencyKeyHeader"/>. Pure.</summary>
public static class OptOutRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(OptOutRequest? request, string idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        InputLimits.CheckText(errors, "reason", request?.Reason, InputLimits.OptOutReasonLength);
        if (request?.BusinessNumber is { } business && !PhoneNumbers.IsE164(business) && (business.Length is 0 or > 11 || !business.All(char.IsAsciiLetterOrDigit)))
            errors["businessNumber"] = ["An E.164 number or an alphanumeric sender id of up to 11 characters."];
        IdempotencyKeyValidator.Check(errors, idempotencyKey);
        return errors;
    }
}
