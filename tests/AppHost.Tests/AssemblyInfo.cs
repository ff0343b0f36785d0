using AppHost.Tests.Infrastructure;

// The suite runs the process runtime, which needs bash and Debian's server packages.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: AssemblyFixture(typeof(SharedStack))]
