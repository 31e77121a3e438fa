using Sms.ServiceDefaults.Text;

namespace Sms.Conversations.Http;

/// <summary>
/// Every limit on what the inbox API takes, in one place (the README's inbox section lists them). A value beyond one
/// is refused with 400 and a problem that names the field and the limit; text that holds U+0000, another control
/// character than tab and line breaks, or an unpaired surrogate is refused the same way (<see cref="MessageText.Problem"/>).
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// Any request's body, in bytes: a larger one is 413 before it is read. The largest valid body (a contact's 50
    /// attributes of 500 characters, JSON-escaped) stays well below it.
    /// </summary>
    public const int RequestBodyBytes = 256 * 1024;

    /// <summary>
    /// <c>POST /v1/conversations/{id}/attachments</c>: its body is a picture, allowed up to <c>Attachments:MaxBytes</c>
    /// rather than <see cref="RequestBodyBytes"/>.
    /// </summary>
    public static bool IsPictureUpload(string method, string? path) =>
        HttpMethods.IsPost(method) && path is not null
        && path.StartsWith("/v1/conversations/", StringComparison.OrdinalIgnoreCase)
        && path.EndsWith("/attachments", StringComparison.OrdinalIgnoreCase)
        && path.Count(c => c == '/') == 4;

    /// <summary>The whole body of <c>POST /auth/login</c>, in bytes: a larger one is 413 before it is read.</summary>
    public const int SignInBodyBytes = 4096;

    /// <summary>User names (also at sign-in, where a longer one is 400 and counts no failure).</summary>
    public const int UsernameLength = 64;

    public const int PasswordMinLength = 10;

    /// <summary>Passwords: longer ones are refused before they are hashed.</summary>
    public const int PasswordLength = 256;

    public const int DisplayNameLength = 100;

    /// <summary>Ten segments of 160 GSM-7 characters: longer texts are cut or refused by carriers. Replies and canned responses.</summary>
    public const int TextLength = 1600;

    public const int CannedTitleLength = 100;

    public const int LabelLength = 50;

    /// <summary>Labels added and removed in one call.</summary>
    public const int LabelsPerChange = 20;

    /// <summary>The list's <c>q</c>.</summary>
    public const int SearchLength = 100;

    public const int ContactNameLength = 100;

    public const int Attributes = 50;

    public const int AttributeNameLength = 50;

    public const int AttributeValueLength = 500;

    public const int OptOutReasonLength = 500;

    /// <summary>The <c>Idempotency-Key</c> header: a longer one is 400.</summary>
    public const int IdempotencyKeyLength = 200;

    /// <summary>Page sizes (<c>limit</c>) of the conversation list and of a thread.</summary>
    public const int PageSize = 200;

    public const int DefaultPageSize = 50;

    /// <summary>The longest period <c>/v1/metrics</c> answers for.</summary>
    public const int MetricsDays = 366;

    /// <summary>The earliest instant a date in a query may name.</summary>
    public static readonly DateTimeOffset EarliestDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest instant a date in a query may name.</summary>
    public static readonly DateTimeOffset LatestDate = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Why a request body's declared charset cannot be read, or null: every body is JSON in UTF-8 (or plain ASCII), so
    /// any other charset is refused before the framework tries, and fails, to decode it.
    /// </summary>
    public static string? CharsetProblem(string? contentType)
    {
        if (contentType is null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return null;
        var charset = parsed.Charset.Value?.Trim('"');
        if (string.IsNullOrEmpty(charset)) return null;
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
               || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The body must be UTF-8; charset '{charset}' is not accepted.";
    }

    /// <summary>Why a user's text cannot be taken for a field of at most <paramref name="maxLength"/> characters; null when it can.</summary>
    public static string? TextProblem(string text, int maxLength) => MessageText.Problem(text, maxLength);

    /// <summary>Adds the problem of an optional text field to <paramref name="errors"/>, when it has one.</summary>
    public static void CheckText(Dictionary<string, string[]> errors, string field, string? text, int maxLength)
    {
        if (text is not null && TextProblem(text, maxLength) is { } problem)
            errors[field] = [problem];
    }
}
