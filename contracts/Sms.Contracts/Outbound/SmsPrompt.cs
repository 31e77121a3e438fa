namespace Sms.Contracts.Outbound;

/// <summary>
/// What a message asks the customer, so the router can understand the reply.
/// Example options: <c>{"1":"confirm_appointment","YES":"confirm_appointment","2":"reschedule_request","NO":"reschedule_request"}</c>.
/// </summary>
public sealed record SmsPrompt
{
    /// <summary>The kind of conversation, e.g. <c>appointment_reminder</c>.</summary>
    public required string SessionType { get; init; }

    /// <summary>Accepted replies (case-insensitive) and the action each one means.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Text sent back automatically when the reply means a given action, keyed by action.</summary>
    public IReadOnlyDictionary<string, string> AutoResponses { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the session waits for a reply. Null: the router's default (24 hours).</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Free-form business context handed back with the classified reply, e.g. an appointment id.</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether a reply that matches no option is asked again (the default). False for a question the customer may
    /// ignore, such as a satisfaction survey: a reply that does not answer it is taken as a new message (escalated when
    /// nothing else understands it), never answered with "Sorry, we didn't recognize that".
    /// </summary>
    public bool ClarifyUnrecognised { get; init; } = true;
}
