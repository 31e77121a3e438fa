using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Vonage;

/// <summary>
/// The raw parameter set of a Vonage SMS API webhook: query string and body merged, URL-decoded, every value a string.
/// The signature is computed over exactly this set, so fields Vonage adds later are covered too. Pure: no I/O.
/// </summary>
public static class WebhookParameters
{
    /// <summary>Name under which errors about the request as a whole are reported.</summary>
    public const string RequestField = "request";

    /// <summary>
    /// Merges parameter sources (query string, form or JSON body). A name given twice with the same value counts once;
    /// given twice with different values the request is ambiguous (which one was signed?) and refused.
    /// </summary>
    public static Parsed<IReadOnlyDictionary<string, string>> Merge(params IEnumerable<KeyValuePair<string, string>>[] sources)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (key, value) in sources.SelectMany(s => s))
        {
            if (merged.TryGetValue(key, out var existing))
            {
                if (!string.Equals(existing, value, StringComparison.Ordinal) && errors.All(e => e.Field != key))
                    errors.Add(new FieldError(key, $"Parameter '{key}' is given more than once with different values."));
                continue;
            }
            merged[key] = value;
        }
        return errors.Count == 0 ? Parsed<IReadOnlyDictionary<string, string>>.Ok(merged) : Parsed<IReadOnlyDictionary<string, string>>.Fail(errors);
    }

    /// <summary>Query string or form fields as name/value pairs; a repeated name yields one pair per value.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Flatten(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        values.SelectMany(p => p.Value.Count == 0
            ? [new KeyValuePair<string, string>(p.Key, "")]
            : p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));

    /// <summary>
    /// A JSON body (Vonage's POST-JSON method): one object whose values are strings, numbers or booleans. Numbers keep
    /// their literal text (<c>1385047698</c>) so the signature sees what Vonage signed; nulls count as absent.
    /// </summary>
    public static Parsed<IReadOnlyList<KeyValuePair<string, string>>> FromJson(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Fail(RequestField,
                $"The body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Fail(RequestField, "The JSON body must be an object of parameters.");

            var pairs = new List<KeyValuePair<string, string>>();
            var errors = new List<FieldError>();
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value;
                    switch (value.ValueKind)
                    {
                        case JsonValueKind.String:
                            pairs.Add(new(property.Name, CarrierJson.String(value)));
                            break;
                        case JsonValueKind.Number:
                            pairs.Add(new(property.Name, value.GetRawText()));
                            break;
                        case JsonValueKind.True or JsonValueKind.False:
                            pairs.Add(new(property.Name, value.GetBoolean() ? "true" : "false"));
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            errors.Add(new FieldError(property.Name, string.Create(CultureInfo.InvariantCulture,
                                $"Parameter '{property.Name}' must be a string, number or boolean, not an {value.ValueKind.ToString().ToLowerInvariant()}.")));
                            break;
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // A parameter name .NET's reader cannot unescape (half a surrogate pair); values are read past it.
                return Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Fail(RequestField, "A parameter name is not valid Unicode (half a surrogate pair).");
            }
            return errors.Count == 0
                ? Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok(pairs)
                : Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Fail(errors);
        }
    }
}
