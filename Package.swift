// swift-tools-version:6.0
import PackageDescription

// Layers import downward only:
//   CSafehouse (C shim) → SafehouseABI (numbers, table, `Syscall` enum; no I/O)
//   → SafehouseSystem (host syscalls) → SafehouseCore (SyscallRequest/SyscallReply: the contract
//   between platform and kernel) → SafehousePolicy → SafehouseProcfs (synthetic /proc)
//   → SafehouseVFS (path resolution) | SafehouseNetwork (socket broker, DNS): side by side
//   → SafehousePlatform (unotify, seccomp filter) | SafehouseKernel (dispatcher, handlers):
//     side by side, neither imports the other; they meet only in SafehouseCore's types
//   → Safehouse (public Sandbox API; joins a platform to the kernel) → safehouse (CLI).
let package = Package(
    name: "Safehouse",
    products: [
        .executable(name: "safehouse", targets: ["safehouse"]),
        .library(name: "Safehouse", targets: ["Safehouse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp",
                       providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "CUnwind", pkgConfig: "libunwind-ptrace",
                       providers: [.apt(["libunwind-dev"])]),
        .target(name: "CSafehouse"),
        .target(name: "SafehouseABI"),
        .target(name: "SafehouseSystem", dependencies: ["CSafehouse", "SafehouseABI"]),
        .target(name: "SafehouseCore", dependencies: ["SafehouseABI", "SafehouseSystem"]),
        .target(name: "SafehousePolicy", dependencies: ["SafehouseABI"]),
        .target(name: "SafehouseProcfs", dependencies: ["CSafehouse", "SafehouseABI", "SafehouseSystem"]),
        .target(name: "SafehouseVFS",
                dependencies: ["CSafehouse", "SafehouseABI", "SafehouseSystem", "SafehousePolicy", "SafehouseProcfs"]),
        .target(name: "SafehouseNetwork",
                dependencies: ["CSafehouse", "SafehouseABI", "SafehouseSystem", "SafehousePolicy"]),
        .target(name: "SafehousePlatform",
                dependencies: ["CSafehouse", "CSeccomp", "SafehouseABI", "SafehouseSystem", "SafehouseCore",
                               "SafehousePolicy"]),
        .target(name: "SafehouseKernel",
                dependencies: ["CSafehouse", "SafehouseABI", "SafehouseSystem", "SafehouseCore", "SafehousePolicy",
                               "SafehouseProcfs", "SafehouseVFS", "SafehouseNetwork"]),
        .target(name: "Safehouse",
                dependencies: ["CSafehouse", "SafehouseABI", "SafehouseSystem", "SafehouseCore", "SafehousePolicy",
                               "SafehousePlatform", "SafehouseKernel", "SafehouseVFS", "SafehouseProcfs",
                               "SafehouseNetwork", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "safehouse",
                          dependencies: ["Safehouse",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "safehouse-filtergen", dependencies: ["SafehousePlatform"]),
        .testTarget(name: "SafehouseTests",
                    dependencies: ["Safehouse", "SafehouseABI", "SafehousePolicy", "SafehousePlatform", "SafehouseKernel",
                                   "SafehouseVFS", "SafehouseProcfs", "SafehouseNetwork"]),
        .testTarget(name: "SafehouseIntegrationTests", dependencies: ["Safehouse"]),
    ],
    swiftLanguageModes: [.v6]
)
