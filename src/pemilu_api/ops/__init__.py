"""Operations: the production server, the static export and its nginx configuration."""
