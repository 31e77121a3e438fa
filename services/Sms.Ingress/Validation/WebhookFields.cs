namespace Sms.Ingress.Validation;

/// <summary>Reading a carrier webhook's parameters, whatever the carrier.</summary>
internal static class WebhookFields
{
    /// <summary>The value of a parameter that must be present and not blank; records an error otherwise.</summary>
    public static string? Required(IReadOnlyDictionary<string, string> parameters, string name, List<FieldError> errors)
    {
        if (parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        errors.Add(new FieldError(name, $"'{name}' is required."));
        return null;
    }
}
