namespace Sms.Conversations.Http;

/// <summary>The body of <c>POST /auth/login</c> (checked by <see cref="LoginRequestValidator"/>).</summary>
public sealed record LoginRequest(string? Username, string? Password);

public sealed record AgentResponse(string Username, string DisplayName, string Role);

/// <summary>One of the caller's sessions: where and when it signed in, when it was last used, and whether it is this one.</summary>
public sealed record SessionResponse(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? Ip, bool Current);

/// <summary>How many sessions a call ended.</summary>
public sealed record SessionsEnded(int Ended);

/// <summary>The body of <c>POST /v1/agents</c> (checked by <see cref="AgentAccountRequestValidator"/>).</summary>
public sealed record AgentAccountRequest(string? Username, string? DisplayName, string? Password, string? Role);
