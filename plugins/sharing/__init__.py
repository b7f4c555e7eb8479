from .sharing import qr_svg, register, share_url

__all__ = ["qr_svg", "register", "share_url"]
