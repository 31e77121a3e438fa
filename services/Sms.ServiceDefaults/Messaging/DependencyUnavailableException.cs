namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// Something a message needs cannot be reached now and nothing was done (a carrier that is down, its circuit open).
/// A consumer throws a subclass so the bus waits the outage out (<see cref="DependencyOutage"/>) instead of giving up.
/// </summary>
public abstract class DependencyUnavailableException(string message) : Exception(message);
