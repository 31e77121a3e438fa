using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sms.Testing;

/// <summary>One message as the sink received it: the envelope (MAIL FROM, the accepted RCPT TO) and the raw data.</summary>
/// <param name="Data">The message's lines as sent after DATA, dot-unstuffed, joined by CRLF, without the final dot.</param>
public sealed record SmtpSinkMessage(string From, IReadOnlyList<string> Recipients, string Data);

/// <summary>
/// A real SMTP server on a free loopback port that keeps what it is sent: the other side of a real mail exchange, as
/// <see cref="LocalHttpServer"/> is of a webhook. It speaks what a client needs to hand over a message (EHLO/HELO,
/// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT), without TLS or sign-in, and can be told to refuse
/// a recipient. Written on sockets rather than taken from a package: it is this small, and a test sees exactly what
/// went over the wire.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<SmtpSinkMessage> _messages = new();
    private readonly ConcurrentQueue<(string Recipient, int Status)> _refusals = new();
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, bool> _sessions = new();
    private readonly Task _accepting;

    private SmtpSink()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static SmtpSink Start() => new();

    public string Host => "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<SmtpSinkMessage> Messages => [.. _messages];

    /// <summary>Every RCPT TO answered with a refusal so far, with the status given.</summary>
    public IReadOnlyList<(string Recipient, int Status)> Refusals => [.. _refusals];

    /// <summary>From now on, RCPT TO of <paramref name="address"/> is answered <paramref name="status"/> (550: refused for good; 450: for now).</summary>
    public void Refuse(string address, int status = 550) => _refused[address] = status;

    /// <summary>From now on, <paramref name="address"/> is accepted again.</summary>
    public void Accept(string address) => _refused.TryRemove(address, out _);

    /// <summary>Waits until at least <paramref name="count"/> messages arrived; fails the test after <paramref name="within"/>.</summary>
    public async Task<IReadOnlyList<SmtpSinkMessage>> WaitForMessagesAsync(int count, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (_messages.Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"The SMTP sink received {_messages.Count} message(s) within {within}, not {count}.");
            await Task.Delay(20);
        }
        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _sessions.Keys]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var session = ServeAsync(client);
            _sessions[session] = true;
            _ = session.ContinueWith(done => _sessions.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        var token = _stopping.Token;
        async Task ReplyAsync(string reply) => await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), token);
        try
        {
            await ReplyAsync("220 sink ESMTP ready");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync("250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8");
                        break;
                    case "HELO":
                        await ReplyAsync("250 sink");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await ReplyAsync("250 2.1.0 sender ok");
                        break;
                    case "RCPT" when from is null:
                        await ReplyAsync("503 5.5.1 MAIL first");
                        break;
                    case "RCPT":
                        var recipient = Address(line);
                        if (_refused.TryGetValue(recipient, out var status))
                        {
                            _refusals.Enqueue((recipient, status));
                            await ReplyAsync($"{status} {(status >= 500 ? 5 : 4)}.1.1 <{recipient}>: recipient refused");
                        }
                        else
                        {
                            recipients.Add(recipient);
                            await ReplyAsync("250 2.1.5 recipient ok");
                        }
                        break;
                    case "DATA" when from is null || recipients.Count == 0:
                        await ReplyAsync("503 5.5.1 no valid recipients");
                        break;
                    case "DATA":
                        await ReplyAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        _messages.Enqueue(new SmtpSinkMessage(from, [.. recipients], data.ToString()));
                        from = null;
                        recipients.Clear();
                        await ReplyAsync("250 2.0.0 queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await ReplyAsync("250 2.0.0 ok");
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 ok");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 bye");
                        return;
                    default:
                        await ReplyAsync("502 5.5.2 command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away, or the sink is stopping.
        }
    }

    /// <summary>The address between the angle brackets of <c>MAIL FROM:&lt;…&gt;</c> or <c>RCPT TO:&lt;…&gt;</c> (parameters after it ignored).</summary>
    private static string Address(string command)
    {
        var open = command.IndexOf('<', StringComparison.Ordinal);
        var close = command.IndexOf('>', open + 1);
        return open >= 0 && close > open ? command[(open + 1)..close] : command[(command.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
