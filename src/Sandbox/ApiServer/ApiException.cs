namespace Multi.Sandbox.ApiServer;

/// <summary>A failure answered with a Kubernetes Status object.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, string? name = null, string? kind = null, string? group = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Kind = kind;
        Group = group;
    }

    public ApiException()
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiException(string message) : base(message)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiException(string message, Exception innerException) : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public string? Name { get; }

    public string? Kind { get; }

    public string? Group { get; }

    /// <summary>A machine-readable cause (<c>details.causes[0].reason</c>), such as ResourceVersionTooLarge.</summary>
    public string? Cause { get; init; }

    /// <summary>The continue token a 410 for an expired one offers to go on with an inconsistent list.</summary>
    public string? Continue { get; init; }

    public static ApiException NotFound(ObjectKey key) =>
        new(404, "NotFound", $"{key.Resource} \"{key.Name}\" not found", key.Name, key.Resource, key.Group);

    public static ApiException AlreadyExists(ObjectKey key) =>
        new(409, "AlreadyExists", $"{key.Resource} \"{key.Name}\" already exists", key.Name, key.Resource, key.Group);

    public static ApiException Conflict(ObjectKey key) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {key.Resource} \"{key.Name}\": the object has been modified; please apply your changes to the latest version and try again",
            key.Name, key.Resource, key.Group);

    public static ApiException UidConflict(ObjectKey key, string sent, string stored) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {key.Resource} \"{key.Name}\": Precondition failed: UID in precondition: {sent}, UID in object meta: {stored}",
            key.Name, key.Resource, key.Group);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(string message) => new(422, "Invalid", message);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>The real server's answer to a read at a version it has not reached (client-go checks the cause).</summary>
    public static ApiException TooLargeResourceVersion(long asked, long current) =>
        new(504, "Timeout", $"Too large resource version: {asked}, current: {current}") { Cause = "ResourceVersionTooLarge" };
}
