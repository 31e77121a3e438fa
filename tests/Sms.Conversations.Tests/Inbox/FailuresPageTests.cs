using System.Text.Json;
using Sms.Conversations.Failures;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The Failed view's words (<c>wwwroot/inbox/failures.js</c>), run under node over the API's own <see cref="FailureGroup"/>
/// entries: where a group's failures came from, how many failed again after a replay, and that a group whose every
/// failure failed again after a replay offers no bulk replay.
/// </summary>
public sealed class FailuresPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static FailureGroup Group(FailureKind kind, int count, int failedAgain, params string[] sources)
    {
        var sample = new FailureItem("message:1", kind, "cause", sources[0], null, "sample", At, At, 1, 0, false);
        return new FailureGroup("k", kind, "cause", count, failedAgain, At, At, sample, sources);
    }

    [Test]
    public async Task A_group_says_where_its_failures_came_from_and_how_many_failed_again()
    {
        var groups = new[]
        {
            Group(FailureKind.Message, 3, 1, "compliance-send-sms_error", "router-sms-sent_error"),
            Group(FailureKind.Send, 1, 0, "twilio"),
        };

        var lines = await RunAsync<string[][]>(
            "const { sourceLine, countLine } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(input.groups.map(g => [sourceLine(g), countLine(g)])));", new { groups });

        Assert.That(lines, Is.EqualTo(new[]
        {
            new[] { "compliance-send-sms, router-sms-sent", "3 failures · 1 failed again after replay" },
            new[] { "Sends that ended failed · carrier twilio", "1 failure" },
        }));
    }

    [Test]
    public async Task A_group_that_only_failed_again_after_replays_offers_no_bulk_replay()
    {
        var groups = new[] { Group(FailureKind.Message, 2, 2, "q_error"), Group(FailureKind.Send, 2, 1, "vonage") };

        var questions = await RunAsync<string?[]>(
            "const { replayQuestion } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(input.groups.map(replayQuestion)));", new { groups });

        Assert.That(questions[0], Is.Null);
        Assert.That(questions[1], Does.StartWith("Replay 1 failure of this group?").And.Contain("never sent twice"));
    }

    private static async Task<T> RunAsync<T>(string body, object payload) =>
        JsonSerializer.Deserialize<T>(await InboxModule.RunAsync("failures.js", body, payload))!;
}
