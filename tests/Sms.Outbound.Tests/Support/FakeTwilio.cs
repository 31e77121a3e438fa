using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sms.Testing;

namespace Sms.Outbound.Tests.Support;

/// <summary>
/// A real HTTP server (<see cref="LocalHttpServer"/>) that speaks Twilio's Messages API: it records every request
/// (path, form, Authorization header) and by default answers 201 with a new message sid.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "outbound-test-twilio-token";

    private readonly ConcurrentQueue<(ReceivedRequest Request, string? Authorization)> received = new();
    private LocalHttpServer server = null!;
    private int sequence;

    private FakeTwilio()
    {
    }

    /// <summary>The answer to the next requests; null: 201 with a new sid.</summary>
    public Func<ReceivedRequest, FakeAnswer>? Answer { get; set; }

    public string BaseUrl => server.BaseAddress.ToString().TrimEnd('/');

    public IReadOnlyList<(ReceivedRequest Request, string? Authorization)> Requests => [.. received];

    /// <summary>The settings that point Outbound's Twilio client here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Twilio:BaseUrl"] = BaseUrl,
    };

    public static FakeAnswer Created(string sid, string segments = "1") => new(201, JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["sid"] = sid,
        ["account_sid"] = AccountSid,
        ["status"] = "queued",
        ["num_segments"] = segments,
        ["direction"] = "outbound-api",
        ["error_code"] = null,
        ["api_version"] = "2010-04-01",
    }));

    public static FakeAnswer Error(int httpStatus, int code, string message) => new(httpStatus, JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = httpStatus,
    }));

    public static async Task<FakeTwilio> StartAsync()
    {
        var fake = new FakeTwilio();
        fake.server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : new Dictionary<string, string>();
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.ContentType, form)
        {
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        received.Enqueue((request, context.Request.Headers.Authorization.ToString()));

        var answer = (Answer ?? (_ => Created($"SM{Interlocked.Increment(ref sequence):x32}")))(request);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
