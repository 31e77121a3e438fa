using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.EndToEnd.Tests;

/// <summary>One trace follows a message from the upstream call through Ingress, Compliance and Outbound.</summary>
[TestFixture]
public sealed class TracingTests : PlatformTests
{
    [Test]
    public async Task The_callers_trace_continues_through_every_service_the_message_crosses()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { to = Customer, text = "Traced message", category = "transactional" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await Platform.Ingress.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var messageId = (await response.Content.ReadFromJsonAsync<Accepted>())!.MessageId;

        // Published by Ingress (SendSms is consumed by Compliance), by Compliance, and by Outbound after the carrier call.
        var approved = await Platform.Events.WaitForAsync<SmsApproved>(e => e.Request.MessageId == messageId);
        var sent = await Platform.Events.WaitForAsync<SmsSent>(e => e.Request.MessageId == messageId);
        Assert.Multiple(() =>
        {
            Assert.That(Platform.Events.TraceContextOf(approved), Does.Contain(traceId.ToHexString()), "Compliance's decision is in the caller's trace");
            Assert.That(Platform.Events.TraceContextOf(sent), Does.Contain(traceId.ToHexString()), "Outbound's send is in the caller's trace");
        });
    }

    private sealed record Accepted(Guid MessageId);
}
