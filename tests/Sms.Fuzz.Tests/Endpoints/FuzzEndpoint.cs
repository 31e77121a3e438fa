namespace Sms.Fuzz.Tests.Endpoints;

/// <summary>One part of a route: a literal segment text, or a parameter with its constraints (<c>guid</c>, …).</summary>
public sealed record RoutePart(string? Literal, string? Parameter, IReadOnlyList<string> Constraints);

/// <summary>The kind of value a JSON body member or a query parameter takes, so the generator can send a near miss.</summary>
public enum ValueKind
{
    Text,
    Integer,
    Boolean,
    Guid,
    Date,
    List,
    Map,
    Object,
    Any,
}

/// <summary>A named value of a request: a query parameter or a member of the JSON body.</summary>
public sealed record FieldShape(string Name, ValueKind Kind);

/// <summary>
/// An endpoint as the service itself declares it (its ASP.NET endpoint data source): the method, the route as a list
/// of segments, each segment a list of parts, the query parameters its handler binds and the members of the JSON body
/// it reads. Static files are endpoints too (<see cref="IsStaticFile"/>).
/// </summary>
public sealed record FuzzEndpoint(
    string Service,
    string Method,
    string Route,
    IReadOnlyList<IReadOnlyList<RoutePart>> Segments,
    IReadOnlyList<FieldShape> Query,
    IReadOnlyList<FieldShape> Body,
    bool IsStaticFile = false)
{
    public override string ToString() => $"{Service} {Method} {Route}";
}
