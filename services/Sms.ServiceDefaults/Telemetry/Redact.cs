namespace Sms.ServiceDefaults.Telemetry;

/// <summary>Shortens personal data for logs at Information level: phone numbers keep their first and last digits only.</summary>
public static class Redact
{
    /// <summary><c>+447700900123</c> becomes <c>+4477*****23</c>.</summary>
    public static string Phone(string? number)
    {
        if (string.IsNullOrEmpty(number)) return "(none)";
        if (number.Length <= 6) return new string('*', number.Length);
        var keepStart = number.StartsWith('+') ? 5 : 4;
        return string.Concat(number.AsSpan(0, keepStart), new string('*', number.Length - keepStart - 2), number.AsSpan(number.Length - 2));
    }
}
