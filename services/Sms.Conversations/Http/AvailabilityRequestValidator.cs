namespace Sms.Conversations.Http;

/// <summary>The check of <c>PUT /v1/agents/me/availability</c>: <c>away</c> is given. Pure.</summary>
public static class AvailabilityRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(AvailabilityRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Away is null)
            errors["away"] = ["Required: true or false."];
        return errors;
    }
}
