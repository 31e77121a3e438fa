namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The scopes an API client can hold, one place for every service: an endpoint declares the one it needs with
/// <see cref="ApiAccess.RequireScope{TBuilder}"/>, and a caller's key must hold it (README, "API clients and scopes").
/// The configuration keys of <c>Api:Keys</c> hold every scope: they are the bootstrap, to create the first clients.
/// </summary>
public static class ApiScopes
{
    /// <summary>Send SMS (<c>POST /v1/messages</c>).</summary>
    public const string Send = "send";

    /// <summary>Read a number's consent and export the consent ledger.</summary>
    public const string ConsentRead = "consent:read";

    /// <summary>Opt numbers in and out, import consent, set a contact's time zone.</summary>
    public const string ConsentWrite = "consent:write";

    /// <summary>Campaigns (bulk sends with pacing).</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Read the inbox: conversations, threads, contacts, teams, metrics, live events, open sessions.</summary>
    public const string InboxRead = "inbox:read";

    /// <summary>What an agent does in the inbox: reply, assign, resolve, label, flag, edit contacts and canned responses.</summary>
    public const string InboxWrite = "inbox:write";

    /// <summary>What only an inbox admin does: agents, API clients, operator views.</summary>
    public const string InboxAdmin = "inbox:admin";

    /// <summary>Every scope, in the order the README's table lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Send, ConsentRead, ConsentWrite, Campaigns, InboxRead, InboxWrite, InboxAdmin];

    /// <summary>The claim that carries each scope of an authenticated caller, one claim per scope.</summary>
    public const string ClaimType = "scope";

    /// <summary>The authorization policy of an endpoint that needs <paramref name="scope"/>.</summary>
    public static string PolicyName(string scope) => $"scope:{scope}";

    /// <summary>The authorization policy of an endpoint any authenticated caller may use, whatever its scopes.</summary>
    public const string AnyScopePolicy = "scope:*";

    /// <summary>True for a scope of <see cref="All"/> (scopes are compared exactly: lower case).</summary>
    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope, StringComparer.Ordinal);
}
