using Microsoft.Extensions.Options;
using MimeKit;
using Sms.Conversations.Notifications;

namespace Sms.Conversations.Extensions;

/// <summary>
/// <c>Inbox:Notifications</c>: where escalations are announced. Each rule either posts Slack-compatible JSON
/// (<c>{"text": …}</c>) to its URL or emails its addresses through <see cref="Smtp"/>, for escalations of at least its
/// priority and, when it lists reasons or teams, of one of them. Urgent escalations go at once; the others are
/// batched, one post or email per rule every <see cref="BatchSeconds"/>. Checked on start by
/// <see cref="NotificationOptionsValidator"/>.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Inbox:Notifications";

    public int BatchSeconds { get; set; } = 60;

    /// <summary>How often the sender looks for notifications due.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Wait after a first failed post; it doubles with every further failure, up to <see cref="MaxRetrySeconds"/>.</summary>
    public int FirstRetryMilliseconds { get; set; } = 2000;

    public int MaxRetrySeconds { get; set; } = 300;

    /// <summary>
    /// The inbox page as agents reach it, e.g. <c>https://sms.example.com/inbox/</c>: when set, each line links to its
    /// conversation there. Unset: no link (the service cannot know the address it is reached by).
    /// </summary>
    public string? InboxUrl { get; set; }

    public List<NotificationRule> Rules { get; set; } = [];

    /// <summary>The mail server of the rules that email; needed only when one does.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class NotificationRule
{
    public string Name { get; set; } = "";

    /// <summary>The webhook posted to; a rule has this or <see cref="Email"/>, not both.</summary>
    public string Url { get; set; } = "";

    /// <summary>The addresses emailed, in one message per batch; a rule has these or <see cref="Url"/>, not both.</summary>
    public List<string> Email { get; set; } = [];

    /// <summary><c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
    public string MinimumPriority { get; set; } = "normal";

    /// <summary>Escalation reasons (<c>human_requested</c>, <c>sensitive_topic</c>, …); empty: every reason.</summary>
    public List<string> Reasons { get; set; } = [];

    /// <summary>The teams whose escalations the rule wants (the team an escalation was routed to); empty: every team.</summary>
    public List<string> Teams { get; set; } = [];

    public NotificationChannel Channel => Email.Count > 0 ? NotificationChannel.Email : NotificationChannel.Webhook;
}

/// <summary>How a rule delivers: the text of its lines depends on it (a chat link or a plain address).</summary>
public enum NotificationChannel
{
    Webhook,
    Email,
}

/// <summary><c>Inbox:Notifications:Smtp</c>: the mail server that email rules send through.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>The sender's address, e.g. <c>SMS inbox &lt;inbox@example.com&gt;</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>Set: the client signs in with it and <see cref="Password"/>. Unset: no sign-in (a relay that trusts the network).</summary>
    public string? Username { get; set; }

    /// <summary>From configuration or the environment (<c>Inbox__Notifications__Smtp__Password</c>) only; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// <c>none</c> (plain text, a local relay only), <c>starttls</c> (upgrade after connecting, usually port 587) or
    /// <c>tls</c> (TLS from the first byte, usually port 465).
    /// </summary>
    public string Security { get; set; } = "starttls";
}

/// <summary>
/// The problems of a notification configuration, each a sentence naming its key: found at start rather than by an
/// escalation that goes nowhere.
/// </summary>
public static class NotificationOptionsValidator
{
    public static readonly string[] SecurityModes = ["none", "starttls", "tls"];

    public static IReadOnlyList<string> Problems(NotificationOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"{NotificationOptions.Section}:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Name))
                problems.Add($"{key}:Name is required.");
            else if (options.Rules.Take(i).Any(r => r.Name == rule.Name))
                problems.Add($"{key}:Name '{rule.Name}' is used by an earlier rule: each rule needs its own name.");
            var hasUrl = !string.IsNullOrWhiteSpace(rule.Url);
            if (hasUrl == rule.Email.Count > 0)
                problems.Add($"{key} ('{rule.Name}') needs exactly one of Url (a webhook) or Email (addresses).");
            if (hasUrl && !(Uri.TryCreate(rule.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                problems.Add($"{key}:Url is not an absolute http(s) address.");
            for (var j = 0; j < rule.Email.Count; j++)
                if (!IsAddress(rule.Email[j]))
                    problems.Add($"{key}:Email:{j} is not an email address.");
            if (!EscalationNotifications.TryParsePriority(rule.MinimumPriority, out _))
                problems.Add($"{key}:MinimumPriority '{rule.MinimumPriority}' is not normal, high or urgent.");
            if (rule.Teams.Any(string.IsNullOrWhiteSpace))
                problems.Add($"{key}:Teams holds an empty team name.");
        }
        if (options.Rules.Any(r => r.Email.Count > 0))
        {
            const string key = NotificationOptions.Section + ":Smtp";
            var smtp = options.Smtp;
            if (string.IsNullOrWhiteSpace(smtp.Host))
                problems.Add($"{key}:Host is required: a rule sends email.");
            if (smtp.Port is < 1 or > 65535)
                problems.Add($"{key}:Port must be between 1 and 65535.");
            if (!IsAddress(smtp.From))
                problems.Add($"{key}:From is required and must be an email address: a rule sends email.");
            if (!SecurityModes.Contains(smtp.Security, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{key}:Security '{smtp.Security}' is not none, starttls or tls.");
            if (!string.IsNullOrEmpty(smtp.Username) && string.IsNullOrEmpty(smtp.Password))
                problems.Add($"{key}:Password is required with Username (set it in the environment: Inbox__Notifications__Smtp__Password).");
        }
        return problems;
    }

    private static bool IsAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);
}

public sealed class NotificationOptionsValidation : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var problems = NotificationOptionsValidator.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
