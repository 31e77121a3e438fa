using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Sms.CarrierSimulator.State;

namespace Sms.CarrierSimulator.Http;

/// <summary>
/// <c>GET /simulator/feed</c>: a live stream of every send request the DEVELOPMENT CARRIER receives on
/// <c>POST /sms/json</c> while the stream is open, one JSON line each (<c>application/x-ndjson</c>):
/// <c>{"at":1767225600123456,"to":"447700900001","clientRef":"…"}</c>. The moment is taken when the request arrives,
/// before it is checked, so a send the simulator refuses is listed too. The benchmark (<c>deploy/bench.sh</c>) reads it
/// to time each message end to end and to count lost and duplicated sends. Nothing is stored: with no stream open,
/// nothing is recorded. The response headers are sent as soon as the stream is subscribed, so a reader that has them
/// misses no later send.
/// </summary>
public static class ReceiveFeedEndpoints
{
    public const string Path = "/simulator/feed";

    public static WebApplication MapReceiveFeedEndpoints(this WebApplication app)
    {
        var subscribers = new ReceiveFeedSubscribers();
        var clock = app.Services.GetRequiredService<TimeProvider>();

        app.Use(async (context, next) =>
        {
            if (!subscribers.Any || !HttpMethods.IsPost(context.Request.Method) || context.Request.Path != SmsApiEndpoints.SendPath)
            {
                await next(context);
                return;
            }
            var at = clock.GetUtcNow();
            await next(context);
            // The send handler has read the form by now; the form feature keeps it (form fields win over the query).
            var form = context.Features.Get<IFormFeature>()?.Form;
            string? Parameter(string name) =>
                form is not null && form.TryGetValue(name, out var value) && value.Count > 0 ? value[0]
                : context.Request.Query.TryGetValue(name, out var query) && query.Count > 0 ? query[0]
                : null;
            subscribers.Publish(new ReceivedSend(UnixMicroseconds(at), Parameter("to"), Parameter("client-ref")));
        });

        app.MapGet(Path, (HttpContext http) => StreamAsync(http, subscribers));
        return app;
    }

    private static long UnixMicroseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static async Task StreamAsync(HttpContext http, ReceiveFeedSubscribers subscribers)
    {
        var cancellationToken = http.RequestAborted;
        var channel = subscribers.Subscribe();
        try
        {
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.StartAsync(cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);

            var body = http.Response.BodyWriter;
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                using (var json = new Utf8JsonWriter(body))
                {
                    while (channel.Reader.TryRead(out var send))
                    {
                        json.WriteStartObject();
                        json.WriteNumber("at", send.At);
                        json.WriteString("to", send.To);
                        json.WriteString("clientRef", send.ClientRef);
                        json.WriteEndObject();
                        json.Flush();
                        json.Reset();
                        body.Write("\n"u8);
                    }
                }
                await body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader went away.
        }
        finally
        {
            subscribers.Unsubscribe(channel);
        }
    }
}
