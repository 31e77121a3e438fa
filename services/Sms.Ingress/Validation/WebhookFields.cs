using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Validation;

/// <summary>Reading a carrier webhook's parameters, whatever the carrier.</summary>
public static class WebhookFields
{
    /// <summary>The value of a parameter that must be present and not blank; records an error otherwise.</summary>
    public static string? Required(IReadOnlyDictionary<string, string> parameters, string name, List<FieldError> errors)
    {
        if (parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        errors.Add(new FieldError(name, $"'{name}' is required."));
        return null;
    }

    /// <summary>
    /// The parameters of an authentic webhook with every value but the message text (<paramref name="textName"/>, which
    /// its parser keeps and counts itself) made storable as carrier text is (<see cref="MessageText.FromCarrier"/>):
    /// an id, number or status holding U+0000 or half a surrogate pair goes on the bus storable, not refused downstream.
    /// Called after the signature check, which needs the values as sent.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Storable(IReadOnlyDictionary<string, string> parameters, string textName)
    {
        Dictionary<string, string>? repaired = null;
        foreach (var (name, value) in parameters)
        {
            if (name == textName) continue;
            var storable = MessageText.FromCarrier(value, out var changed);
            if (!changed) continue;
            repaired ??= new Dictionary<string, string>(parameters, StringComparer.Ordinal);
            repaired[name] = storable;
        }
        return repaired ?? parameters;
    }
}
