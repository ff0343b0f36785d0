// The harness runs the process runtime, which needs bash and Debian's server packages.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
