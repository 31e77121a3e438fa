namespace Sms.Conversations.Webhooks;

/// <summary>
/// This instance's knowledge of which event types any enabled subscription wants, so that a thread write with no
/// webhook to feed (the usual case at volume) costs no database round trip at all (<see cref="WebhookQueue"/>).
/// <para>
/// Trusted only while this instance hears every change: a change made here drops it at once (<see cref="Changed"/>,
/// after the commit), one made by another instance as soon as its notification on <see cref="ChangedChannel"/> arrives
/// (<c>Background/DatabaseChangeListener</c>; milliseconds after that commit), and while the listener is not
/// listening nothing is kept, so every event is checked against the subscriptions as it is written. An event written
/// in the milliseconds between another instance's commit and its notification is treated as written before the
/// subscription existed. Pure: the caller reads the subscriptions and hands them over.
/// </para>
/// </summary>
public sealed class WebhookInterest
{
    /// <summary>The PostgreSQL channel on which changes to the subscriptions are announced (migration V0023).</summary>
    public const string ChangedChannel = "conversations_webhook_subscriptions";

    private readonly Lock _gate = new();
    private IReadOnlySet<string>? _wanted;
    private long _version;
    private bool _listening;

    /// <summary>The event types wanted, when known; otherwise a token to hand to <see cref="Loaded"/> with what was read.</summary>
    public bool TryGetWanted(out IReadOnlySet<string> wanted, out long loadToken)
    {
        lock (_gate)
        {
            wanted = _wanted!;
            loadToken = _version;
            return _wanted is not null;
        }
    }

    /// <summary>Keeps what was read, unless a change was heard since the read began or nothing is listening.</summary>
    public void Loaded(long loadToken, IReadOnlySet<string> wanted)
    {
        lock (_gate)
        {
            if (_listening && _version == loadToken)
                _wanted = wanted;
        }
    }

    /// <summary>A subscription changed here or on another instance: read them again.</summary>
    public void Changed()
    {
        lock (_gate)
        {
            _version++;
            _wanted = null;
        }
    }

    /// <summary>The listener started or stopped hearing changes; either way, what was kept may be out of date.</summary>
    public void Listening(bool listening)
    {
        lock (_gate)
        {
            _listening = listening;
            _version++;
            _wanted = null;
        }
    }
}
