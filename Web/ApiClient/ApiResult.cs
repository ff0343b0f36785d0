using System.Diagnostics.CodeAnalysis;

namespace Web.ApiClient;

// What a call to the Api gave: a value, or the problem to show the user.
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failure(ApiProblem problem) => new(default, problem);
}
