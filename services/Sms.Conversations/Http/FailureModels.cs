using Sms.Conversations.Failures;

namespace Sms.Conversations.Http;

/// <summary>
/// The body of <c>POST /v1/failures/replay</c> and <c>/discard</c> (checked by <see cref="FailureActionRequestValidator"/>):
/// exactly one of <see cref="Ids"/> (items of <c>GET /v1/failures/items</c>), <see cref="Group"/> (a group's key) or
/// <see cref="All"/>; a discard needs a <see cref="Reason"/>.
/// </summary>
public sealed record FailureActionRequest(IReadOnlyList<string>? Ids, string? Group, bool? All, string? Reason)
{
    public FailureSelection Selection => new(Ids, Group, All == true);
}

/// <summary>What <c>GET /v1/failures</c> answers: every group of open failures, the latest first.</summary>
public sealed record FailureGroupsView(int Total, IReadOnlyList<FailureGroup> Groups);
