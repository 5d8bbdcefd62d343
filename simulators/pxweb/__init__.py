"""A local stand-in for Statistics Finland's PxWeb: `simulators.pxweb.app`."""
