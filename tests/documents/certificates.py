"""A certificate authority made at test time, and the organisation certificates it issues: the
signing tests never depend on a real CA's files or on the network."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, Encoding, NoEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.UTC)


def _name(common_name: str, organisation: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(attributes)


@dataclass
class MadeUpAuthority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(cls, name="CA thử nghiệm của cổng TĐKT") -> "MadeUpAuthority":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = _name(name)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=30))
            .not_valid_after(NOW + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(Encoding.PEM)

    def issue(self, organisation: str, *, valid_from=None, valid_until=None) -> tuple:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(organisation, organisation))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from or NOW - datetime.timedelta(days=1))
            .not_valid_after(valid_until or NOW + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return key, certificate

    def pkcs12_file(self, folder: Path, organisation: str, password: str = "mat-khau", **validity) -> Path:
        key, certificate = self.issue(organisation, **validity)
        encryption = BestAvailableEncryption(password.encode()) if password else NoEncryption()
        path = folder / "co-quan.p12"
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(b"co-quan", key, certificate, [self.certificate], encryption)
        )
        return path

    def certificate_only_file(self, folder: Path, organisation: str, password: str = "mat-khau") -> Path:
        _, certificate = self.issue(organisation)
        path = folder / "chi-chung-thu.p12"
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                None, None, certificate, None, BestAvailableEncryption(password.encode())
            )
        )
        return path
