"""Where a webhook may be sent: never into the portal's own network (server-side request forgery).

An address is checked when it is registered and again at every delivery, on what its host name
resolves to at that moment; the connection then goes to the very address checked, so a name that
answers differently a second later (DNS rebinding) cannot redirect it. Refused: loopback, private
(10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, where cloud metadata lives),
shared (100.64/10), multicast, reserved and unspecified addresses, IPv4 mapped into IPv6 included —
anything `ipaddress` does not call global — unless it lies in a network listed in
`WEBHOOK_ALLOWED_NETWORKS` (a receiver on the office's own network; the tests' local receiver).
Only http and https, no user name or password in the address; redirects are never followed."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (the Host header and the TLS server name)
    port: int
    path: str  # path and query
    addresses: tuple[str, ...]  # what the host resolved to, every one allowed

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def parse(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of an address, or a Vietnamese refusal saying what is wrong."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValidationError("Địa chỉ nhận không hợp lệ (kiểm tra cổng và dấu ngoặc).") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise ValidationError("Địa chỉ nhận phải bắt đầu bằng http:// hoặc https://.")
    if not parts.hostname:
        raise ValidationError("Địa chỉ nhận thiếu tên máy chủ.")
    if parts.username is not None or parts.password is not None:
        raise ValidationError("Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu: việc xác thực dùng chữ ký.")
    if parts.fragment:
        raise ValidationError("Địa chỉ nhận không được có phần “#…”.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme], path


def allowed_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if any(ip in ipaddress.ip_network(network) for network in settings.WEBHOOK_ALLOWED_NETWORKS):
        return True
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return allowed_address(str(ip.ipv4_mapped))
    return ip.is_global and not ip.is_multicast


def resolve(url: str) -> Target:
    """Check an address and resolve its host now; refused (ValidationError) when the host cannot
    be found or any of its addresses is not one we send to."""
    scheme, host, port, path = parse(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(f"Không tìm thấy máy chủ “{host}”.") from None
    addresses = tuple(dict.fromkeys(info[4][0] for info in found))
    refused = [a for a in addresses if not allowed_address(a)]
    if refused or not addresses:
        raise ValidationError(
            f"Không gửi tới “{host}”: địa chỉ {', '.join(refused)} thuộc mạng nội bộ hoặc dành riêng "
            "(chỉ gửi tới máy chủ trên Internet, hoặc mạng được cho phép trong WEBHOOK_ALLOWED_NETWORKS)."
        )
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=addresses)
